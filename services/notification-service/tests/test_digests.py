"""The daily digest: due at each user's local hour (time zones, DST days), one per user and day
however often the job runs or fails, escaped content, RFC 8058 headers, and the one-click
unsubscribe (token checks, the GET changes nothing)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from campus_testing.problems import assert_problem
from notification_service import cli, housekeeping
from notification_service.models import NotificationPreference, OutboxMessage
from notification_service.outbox import repository as outbox
from notification_service.preferences import digests
from notification_service.preferences import repository as prefs_repo
from notification_service.preferences.digests import latest_moment
from notification_service.preferences.tokens import UNSUBSCRIBE_DIGESTS, LinkTokens

Drain = Callable[[], Awaitable[int]]
URL = "http://localhost:8080/feedback/42"
KIWI = ("u-kiwi", "kiwi@campus.local", "Pacific/Auckland", 7)
ANGELENO = ("u-la", "angeleno@campus.local", "America/Los_Angeles", 17)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class TestLatestMoment:
    def test_los_angeles_on_the_spring_forward_day(self) -> None:
        # 2026-03-08: clocks go from 02:00 PST to 03:00 PDT; 17:00 PDT is 00:00 UTC next day.
        moment = latest_moment("America/Los_Angeles", 17, utc(2026, 3, 9, 0, 0))
        assert (moment.day, moment.at) == (date(2026, 3, 8), utc(2026, 3, 9, 0, 0))
        before = latest_moment("America/Los_Angeles", 17, utc(2026, 3, 8, 23, 59))
        assert (before.day, before.at) == (date(2026, 3, 7), utc(2026, 3, 8, 1, 0))  # PST

    def test_an_hour_the_change_skips_still_happens(self) -> None:
        # 02:00 does not exist in Los Angeles on 2026-03-08: taken with the PST offset.
        moment = latest_moment("America/Los_Angeles", 2, utc(2026, 3, 8, 12, 0))
        assert (moment.day, moment.at) == (date(2026, 3, 8), utc(2026, 3, 8, 10, 0))

    def test_los_angeles_on_the_fall_back_day(self) -> None:
        # 2026-11-01: 01:00 happens twice; the digest is due at the first one only.
        moment = latest_moment("America/Los_Angeles", 1, utc(2026, 11, 1, 9, 30))
        assert (moment.day, moment.at) == (date(2026, 11, 1), utc(2026, 11, 1, 8, 0))

    def test_auckland_is_a_day_ahead(self) -> None:
        # 2026-09-27: Auckland goes from NZST (+12) to NZDT (+13) at 02:00.
        moment = latest_moment("Pacific/Auckland", 17, utc(2026, 9, 27, 4, 0))
        assert (moment.day, moment.at) == (date(2026, 9, 27), utc(2026, 9, 27, 4, 0))
        before = latest_moment("Pacific/Auckland", 17, utc(2026, 9, 27, 3, 59))
        assert (before.day, before.at) == (date(2026, 9, 26), utc(2026, 9, 26, 5, 0))


async def add_user(app: FastAPI, user: tuple[str, str, str, int], **choices: str) -> None:
    user_id, email, zone, hour = user
    async with app.state.context.sessionmaker() as session, session.begin():
        await prefs_repo.save(
            session,
            user_id=user_id,
            email=email,
            time_zone=zone,
            digest_hour=hour,
            choices=choices or {"feedback_published": "digest", "feedback_message": "digest"},
            now=utc(2026, 3, 1),
        )


async def hold(
    app: FastAPI, to: str, at: datetime, *, template: str = "feedback_published", **data: Any
) -> None:
    data = data or {"student_name": "Dara", "mentor_name": "Tom", "title": "Week 3", "url": URL}
    async with app.state.context.sessionmaker() as session, session.begin():
        await outbox.enqueue(session, template=template, to=to, data=data, now=at, status="digest")


async def digest_count(app: FastAPI) -> int:
    async with app.state.context.sessionmaker() as session:
        return int(
            await session.scalar(select(func.count()).where(OutboxMessage.template == "digest"))
            or 0
        )


async def statuses(app: FastAPI, to: str) -> list[str]:
    async with app.state.context.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage.status).where(
                OutboxMessage.to == to, OutboxMessage.template != "digest"
            )
        )
        return sorted(rows.all())


async def mailbox(client: httpx.AsyncClient, to: str) -> list[dict[str, Any]]:
    response = await client.get("/mailbox/api/messages", params={"to": to})
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


def unsubscribe_link(message: dict[str, Any]) -> str:
    header = message["headers"]["List-Unsubscribe"]
    assert header.startswith("<")
    assert header.endswith(">")
    return header[1:-1]


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


class TestDigestJob:
    async def test_each_user_at_their_own_local_hour(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        ctx = app.state.context
        await add_user(app, KIWI)
        await add_user(app, ANGELENO)
        await hold(app, KIWI[1], utc(2026, 3, 8, 12, 0))
        await hold(app, ANGELENO[1], utc(2026, 3, 8, 12, 0))
        await hold(app, ANGELENO[1], utc(2026, 3, 8, 13, 0), title="Week 4", url=URL)

        # 07:00 in Auckland on 9 March is 18:00 UTC on the 8th; Los Angeles is still at 11:00.
        assert await digests.run_once(ctx, now=utc(2026, 3, 8, 20, 0)) == 1
        # 17:00 PDT on the DST day is 00:00 UTC on the 9th.
        assert await digests.run_once(ctx, now=utc(2026, 3, 8, 23, 59)) == 0
        assert await digests.run_once(ctx, now=utc(2026, 3, 9, 0, 30)) == 1
        assert await digests.run_once(ctx, now=utc(2026, 3, 9, 0, 31)) == 0  # again: nothing
        await drain()

        [kiwi] = await mailbox(client, KIWI[1])
        [angeleno] = await mailbox(client, ANGELENO[1])
        assert kiwi["template"] == angeleno["template"] == "digest"
        assert "March 9, 2026" in kiwi["text"]
        assert "March 8, 2026" in angeleno["text"]
        assert "Week 3" in angeleno["text"]
        assert "Week 4" in angeleno["text"]
        assert "2 updates" in angeleno["subject"]
        assert await statuses(app, ANGELENO[1]) == ["digested", "digested"]
        for message in (kiwi, angeleno):
            assert message["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            link = unsubscribe_link(message)
            assert link.startswith("http://localhost:8080/api/notifications/v1/unsubscribe?")
            assert link in message["html"]
            assert link in message["text"]

    async def test_what_comes_after_the_digest_waits_for_the_next(
        self, app: FastAPI, drain: Drain
    ) -> None:
        ctx = app.state.context
        await add_user(app, KIWI)
        await hold(app, KIWI[1], utc(2026, 3, 8, 12, 0))
        assert await digests.run_once(ctx, now=utc(2026, 3, 8, 18, 0)) == 1
        await hold(app, KIWI[1], utc(2026, 3, 8, 19, 0))
        assert await digests.run_once(ctx, now=utc(2026, 3, 9, 17, 59)) == 0
        assert await digests.run_once(ctx, now=utc(2026, 3, 9, 18, 0)) == 1
        assert await digest_count(app) == 2

    async def test_a_failed_run_loses_nothing_and_sends_once(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain, monkeypatch: Any
    ) -> None:
        ctx = app.state.context
        await add_user(app, KIWI)
        await hold(app, KIWI[1], utc(2026, 3, 8, 12, 0))
        real = prefs_repo.settle_held

        async def crash(*args: Any, **kwargs: Any) -> int:
            raise ConnectionError("database gone")

        monkeypatch.setattr(prefs_repo, "settle_held", crash)
        with pytest.raises(ConnectionError):
            await digests.run_once(ctx, now=utc(2026, 3, 8, 20, 0))
        assert await digest_count(app) == 0
        assert await statuses(app, KIWI[1]) == ["digest"]
        monkeypatch.setattr(prefs_repo, "settle_held", real)
        assert await digests.run_once(ctx, now=utc(2026, 3, 8, 20, 0)) == 1
        assert await digests.run_once(ctx, now=utc(2026, 3, 8, 21, 0)) == 0
        await drain()
        assert len(await mailbox(client, KIWI[1])) == 1

    async def test_script_in_a_message_is_inert(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await add_user(app, KIWI)
        await hold(
            app,
            KIWI[1],
            utc(2026, 3, 8, 12, 0),
            template="feedback_message",
            author_name="<b>Eve</b>",
            title='<img src=x onerror="alert(1)">',
            body="<script>alert('x')</script> & more",
            url=URL,
        )
        await digests.run_once(app.state.context, now=utc(2026, 3, 8, 20, 0))
        await drain()
        [message] = await mailbox(client, KIWI[1])
        html = message["html"]
        assert "<script" not in html
        assert "<img" not in html
        assert "<b>Eve" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
        assert "<script>alert('x')</script> & more" in message["text"]

    async def test_spanish_digest(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await add_user(app, KIWI)
        async with app.state.context.sessionmaker() as session, session.begin():
            await outbox.enqueue(
                session,
                template="feedback_published",
                to=KIWI[1],
                data={"student_name": "Dara", "title": "Semana 3", "url": URL},
                now=utc(2026, 3, 8, 12, 0),
                status="digest",
                locale="es",
            )
        await digests.run_once(app.state.context, now=utc(2026, 3, 8, 20, 0))
        await drain()
        [message] = await mailbox(client, KIWI[1])
        assert message["subject"] == "Tu resumen diario: 1 novedad"
        assert "9 de marzo de 2026" in message["text"]

    async def test_the_command_line_runs_at_a_given_time(
        self, app: FastAPI, client: httpx.AsyncClient, monkeypatch: Any, capsys: Any
    ) -> None:
        await add_user(app, KIWI)
        await hold(app, KIWI[1], utc(2026, 3, 8, 12, 0))
        monkeypatch.setattr(cli, "get_settings", lambda: app.state.context.settings)
        argv = ["digests", "run", "--now", "2026-03-08T20:00:00Z"]
        assert await asyncio.to_thread(cli.main, argv) == 0
        assert "digests=1" in capsys.readouterr().out
        [message] = await mailbox(client, KIWI[1])  # sent by the command itself
        assert message["template"] == "digest"


class TestUnsubscribe:
    @pytest.fixture
    async def link(self, app: FastAPI, client: httpx.AsyncClient, drain: Drain) -> str:
        await add_user(app, KIWI, feedback_published="digest", feedback_message="immediate")
        await hold(app, KIWI[1], utc(2026, 3, 8, 12, 0))
        await digests.run_once(app.state.context, now=utc(2026, 3, 8, 20, 0))
        await drain()
        await hold(app, KIWI[1], utc(2026, 3, 8, 21, 0))  # waits for the next digest
        [message] = await mailbox(client, KIWI[1])
        return unsubscribe_link(message)

    async def choices(self, app: FastAPI) -> dict[str, str]:
        async with app.state.context.sessionmaker() as session:
            row = await session.get(NotificationPreference, KIWI[0])
            assert row is not None
            return dict(row.choices)

    async def test_the_page_only_asks(
        self, app: FastAPI, client: httpx.AsyncClient, link: str
    ) -> None:
        response = await client.get(f"/v1/unsubscribe?token={token_of(link)}")
        assert response.status_code == 200
        assert '<form method="post">' in response.text
        assert "form-action 'self'" in response.headers["content-security-policy"]
        assert (await self.choices(app))["feedback_published"] == "digest"

    async def test_the_page_speaks_spanish(self, client: httpx.AsyncClient, link: str) -> None:
        response = await client.get(
            f"/v1/unsubscribe?token={token_of(link)}", headers={"Accept-Language": "es-ES,es"}
        )
        assert "Desactivar los resúmenes" in response.text

    async def test_one_click_turns_digests_off(
        self, app: FastAPI, client: httpx.AsyncClient, link: str
    ) -> None:
        response = await client.post(
            f"/v1/unsubscribe?token={token_of(link)}",
            content="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200
        assert "no more digest emails" in response.text
        assert await self.choices(app) == {
            "feedback_published": "off",
            "feedback_message": "immediate",
        }
        assert await statuses(app, KIWI[1]) == ["digested", "suppressed"]
        again = await client.post(f"/v1/unsubscribe?token={token_of(link)}")
        assert again.status_code == 200  # a second click is harmless

    @pytest.mark.parametrize("kind", ["forged", "garbage", "expired", "other purpose"])
    async def test_bad_tokens_are_a_clear_400(
        self, app: FastAPI, client: httpx.AsyncClient, link: str, kind: str
    ) -> None:
        good = token_of(link)
        secret = app.state.context.settings.code_hmac_secret.get_secret_value()
        tokens = LinkTokens(secret, lifetime=timedelta(days=1))
        token = {
            "forged": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
            "garbage": "not-a-token",
            "expired": tokens.issue(
                purpose=UNSUBSCRIBE_DIGESTS, user_id=KIWI[0], now=utc(2020, 1, 1)
            ),
            "other purpose": tokens.issue(
                purpose="reset-password", user_id=KIWI[0], now=datetime.now(UTC)
            ),
        }[kind]
        response = await client.post("/v1/unsubscribe", params={"token": token})
        assert_problem(response, 400)
        assert response.json()["type"].endswith(
            {"forged": "invalid", "garbage": "invalid", "expired": "expired"}.get(kind, "purpose")
        )
        page = await client.get("/v1/unsubscribe", params={"token": token})
        assert page.status_code == 400
        assert "<form" not in page.text
        assert (await self.choices(app))["feedback_published"] == "digest"

    async def test_no_token_is_a_422(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.post("/v1/unsubscribe"), 422)


class TestRetention:
    async def test_settled_held_emails_are_pruned_and_waiting_ones_kept(self, app: FastAPI) -> None:
        ctx = app.state.context
        old = ctx.clock() - ctx.settings.retention - timedelta(days=1)
        await add_user(app, KIWI)
        for status in ("digest", "digested", "suppressed"):
            async with ctx.sessionmaker() as session, session.begin():
                await outbox.enqueue(
                    session,
                    template="feedback_published",
                    to=KIWI[1],
                    data={"title": status, "url": URL},
                    now=old,
                    status=status,
                )
        await housekeeping.purge_once(ctx)
        assert await statuses(app, KIWI[1]) == ["digest"]


class TestDigestsByUserId:
    async def test_held_emails_are_gathered_by_account_and_sent_to_the_latest_address(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await add_user(app, KIWI)
        data = {"title": "Week 5", "changes": ["strengths"], "url": URL}
        async with app.state.context.sessionmaker() as session, session.begin():
            # The account's address changed since it saved its preferences.
            await outbox.enqueue(
                session,
                template="feedback_edited",
                to="kiwi.new@campus.local",
                user_id=KIWI[0],
                data=data,
                now=utc(2026, 3, 8, 12, 0),
                status="digest",
            )
            # Someone else now has the old address: not the account's.
            await outbox.enqueue(
                session,
                template="feedback_published",
                to=KIWI[1],
                user_id="u-someone-else",
                data={"title": "Not theirs", "url": URL},
                now=utc(2026, 3, 8, 12, 0),
                status="digest",
            )
        assert await digests.run_once(app.state.context, now=utc(2026, 3, 8, 20, 0)) == 1
        await drain()
        [digest] = await mailbox(client, "kiwi.new@campus.local")
        assert 'Your mentor changed the feedback "Week 5": the strengths' in digest["text"]
        assert "Not theirs" not in digest["text"]
        assert await mailbox(client, KIWI[1]) == []
