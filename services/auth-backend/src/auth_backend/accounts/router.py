"""The signed-in user's profile."""

from __future__ import annotations

from fastapi import APIRouter

from auth_backend.accounts import service
from auth_backend.accounts.schemas import MeUpdate, UserOut
from auth_backend.deps import ActiveUser, ContextDep
from campus_common.app import Tag
from campus_common.errors import problem_responses

ME = Tag("me", "The signed-in user, their sessions and password.")
router = APIRouter(tags=[ME])


@router.get("/me", summary="The signed-in user", responses=problem_responses(401))
async def me(user: ActiveUser) -> UserOut:
    return UserOut.model_validate(user)


@router.patch(
    "/me",
    summary="Change my name or language",
    responses=problem_responses(400, 401, 422),
)
async def update_me(body: MeUpdate, user: ActiveUser, ctx: ContextDep) -> UserOut:
    changes = body.model_dump(include=body.model_fields_set)
    return UserOut.model_validate(service.update_profile(ctx, user, changes))
