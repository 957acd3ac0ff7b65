"""HTTP of email preferences: the signed-in user's own (`/v1/preferences/me`, user token), and
the one-click unsubscribe of digest emails (`/v1/unsubscribe?token=...`, no sign-in: the signed
token is the authority; GET shows a confirmation button, POST acts, RFC 8058)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from starlette.responses import HTMLResponse

from campus_common.app import Tag
from campus_common.deps import CurrentUser
from campus_common.errors import BadRequest, problem_responses
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.preferences import service
from notification_service.preferences.pages import TEXTS, page_language, unsubscribe_page
from notification_service.preferences.schemas import PreferencesIn, PreferencesOut
from notification_service.preferences.tokens import UNSUBSCRIBE_DIGESTS, BadToken

PREFERENCES = Tag(
    "preferences", "Each user's email preferences and the digests' one-click unsubscribe."
)
router = APIRouter(prefix="/v1/preferences", tags=[PREFERENCES])
unsubscribe_router = APIRouter(prefix="/v1/unsubscribe", tags=[PREFERENCES])

TokenQuery = Annotated[str, Query(min_length=1, max_length=512, description="From the email")]
AcceptLanguage = Annotated[str | None, Header(max_length=200)]


@router.get(
    "/me",
    response_model=PreferencesOut,
    summary="My email preferences (defaults until I save)",
    responses=problem_responses(401),
)
async def get_mine(user: CurrentUser, session: SessionDep) -> PreferencesOut:
    return await service.mine(session, user=user)


@router.put(
    "/me",
    response_model=PreferencesOut,
    summary="Save my email preferences: per kind immediately, daily digest or off",
    responses=problem_responses(401, 422),
)
async def put_mine(
    body: PreferencesIn, user: CurrentUser, session: SessionDep, now: NowDep
) -> PreferencesOut:
    return await service.save_mine(session, user=user, body=body, now=now)


class LinkChecked:
    """The one token check of both unsubscribe routes: the user the link names, or why not."""

    def __init__(self, token: TokenQuery, ctx: ContextDep, now: NowDep) -> None:
        self.user_id: str | None = None
        self.refused: str | None = None
        try:
            self.user_id = ctx.link_tokens.open(token, purpose=UNSUBSCRIBE_DIGESTS, now=now)
        except BadToken as exc:
            self.refused = exc.reason


LinkDep = Annotated[LinkChecked, Depends()]


@unsubscribe_router.get(
    "",
    response_class=HTMLResponse,
    summary="The confirmation page of a digest's unsubscribe link (changes nothing)",
    responses={400: {"content": {"text/html": {}}, "description": "Not a valid link"}},
)
async def confirm_page(
    link: LinkDep, ctx: ContextDep, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    language = page_language(accept_language)
    settings = ctx.settings
    if link.refused is not None:
        return unsubscribe_page(
            state="refused",
            reason=TEXTS[language][link.refused],
            status_code=400,
            language=language,
            platform_name=settings.platform_name,
            public_url=settings.public_url,
        )
    return unsubscribe_page(
        state="confirm",
        language=language,
        platform_name=settings.platform_name,
        public_url=settings.public_url,
    )


@unsubscribe_router.post(
    "",
    response_class=HTMLResponse,
    summary="One-click unsubscribe (RFC 8058): turns my digest emails off",
    responses=problem_responses(400, 422),
)
async def unsubscribe(
    link: LinkDep,
    session: SessionDep,
    ctx: ContextDep,
    now: NowDep,
    accept_language: AcceptLanguage = None,
) -> HTMLResponse:
    if link.user_id is None:
        reason = link.refused or "invalid"
        raise BadRequest(TEXTS["en"][reason], slug=f"unsubscribe-link-{reason}")
    await service.unsubscribe(session, user_id=link.user_id, now=now)
    return unsubscribe_page(
        state="done",
        language=page_language(accept_language),
        platform_name=ctx.settings.platform_name,
        public_url=ctx.settings.public_url,
    )
