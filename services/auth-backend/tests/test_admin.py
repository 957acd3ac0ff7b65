"""Admin user management: list and search, create and invite (accepted with the emailed code),
role changes, disable and enable, revoking sessions, resending invitations, the audit log."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from auth_backend.admin.router import router as admin_router
from auth_backend.main import create_app
from auth_backend.settings import Settings
from campus_testing.demo import DEMO_PASSWORD, demo_user_id
from campus_testing.problems import assert_problem

from .conftest import (
    ADMIN_EMAIL,
    NEW_PASSWORD,
    STUDENT_EMAIL,
    Mailbox,
    bearer,
    full_login,
    start_login,
)

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))


class TestAccess:
    async def test_student_is_403(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        for method, path in [
            ("GET", "/admin/users"),
            ("POST", "/admin/users"),
            ("GET", "/admin/audit"),
            ("POST", f"/admin/users/{demo_user_id(ADMIN_EMAIL)}/disable"),
        ]:
            r = await client.request(method, path, headers=student, json={})
            assert_problem(r, 403)

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/admin/users")).status_code == 401

    async def test_every_admin_route_refuses_others(
        self, app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        routes = [
            (method.upper(), path.replace("{user_id}", str(demo_user_id(ADMIN_EMAIL))))
            for path, operations in app.openapi()["paths"].items()
            if path.startswith("/admin")
            for method in operations
        ]
        assert len(routes) >= 9
        for method, path in routes:
            anonymous = await client.request(method, path, json={})
            assert anonymous.status_code == 401, (method, path)
            refused = await client.request(method, path, headers=student, json={})
            assert refused.status_code == 403, (method, path)


class TestAdminRouterIsPrivateByDefault:
    async def test_a_route_that_asks_for_nothing_is_still_for_admins(
        self, settings: Settings, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        """A route added to the admin router without any dependency of its own."""

        async def added_later() -> dict[str, str]:
            return {"secret": "admins only"}

        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        admin_router.add_api_route("/added-later", added_later, methods=["GET"])
        try:
            application = create_app(settings)
            async with LifespanManager(application):
                transport = httpx.ASGITransport(app=application)
                async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                    anonymous = await c.get("/admin/added-later")
                    refused = await c.get("/admin/added-later", headers=student)
        finally:
            admin_router.routes.pop()
        assert anonymous.status_code == 401
        assert refused.status_code == 403


class TestList:
    async def test_search_filter_paginate(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        everyone = await client.get("/admin/users", headers=admin)
        assert everyone.json()["total"] == 9
        mentors = await client.get("/admin/users", params={"role": "mentor"}, headers=admin)
        assert {u["name"] for u in mentors.json()["users"]} == {"Maria Okafor", "Tom Lindqvist"}
        found = await client.get("/admin/users", params={"q": "NAKA"}, headers=admin)
        assert [u["email"] for u in found.json()["users"]] == ["bea.student@campus.local"]
        page1 = await client.get(
            "/admin/users", params={"role": "student", "limit": 4}, headers=admin
        )
        page2 = await client.get(
            "/admin/users", params={"role": "student", "limit": 4, "offset": 4}, headers=admin
        )
        assert page1.json()["total"] == 6
        ids = [u["id"] for u in page1.json()["users"] + page2.json()["users"]]
        assert len(ids) == len(set(ids)) == 6
        literal = await client.get("/admin/users", params={"q": "%"}, headers=admin)
        assert literal.json()["total"] == 0

    async def test_bad_filter_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/users", params={"status": "gone"}, headers=admin)
        assert r.status_code == 422

    async def test_unknown_user_is_404(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/users/00000000-0000-0000-0000-000000000001", headers=admin)
        assert r.status_code == 404


class TestInvite:
    async def test_create_invite_accept_login(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        created = await client.post(
            "/admin/users",
            json={"email": "New.Mentor@School.example", "name": "Nia Mentor", "role": "mentor"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "invited"
        assert created.json()["email"] == "new.mentor@school.example"
        # An invited user cannot log in yet: the generic answer.
        r = await client.post(
            "/login", json={"email": "new.mentor@school.example", "password": "anything-at-all"}
        )
        assert r.status_code == 401
        code = await mailbox.next_code("new.mentor@school.example")
        weak = await client.post(
            "/invitations/accept",
            json={"email": "new.mentor@school.example", "code": code, "password": "Nia-Mentor-1"},
        )
        # Advice about the account's own name comes only once the code is verified, which uses
        # the code up: the answer hands back a grant to choose another password, no new code.
        assert weak.status_code == 422
        assert "name" in weak.json()["detail"]
        assert "new code" not in weak.json()["detail"]
        accepted = await client.post(
            "/invitations/accept",
            json={
                "email": "new.mentor@school.example",
                "grant": weak.json()["grant"],
                "password": NEW_PASSWORD,
            },
        )
        assert accepted.status_code == 200, accepted.text
        # Accepting signs the person in, exactly as a completed sign-in does.
        assert accepted.json()["user"]["status"] == "active"
        assert accepted.headers["set-cookie"].startswith("campus_refresh=")
        assert "no-store" in accepted.headers["cache-control"]
        me = await client.get("/me", headers=bearer(accepted))
        assert me.status_code == 200
        assert me.json()["email"] == "new.mentor@school.example"
        cookie = accepted.headers["set-cookie"].split(";", 1)[0]
        refreshed = await client.post("/refresh", headers={"Cookie": cookie})
        assert refreshed.status_code == 200, refreshed.text
        log = await client.get(
            "/admin/audit",
            params={"user_id": accepted.json()["user"]["id"], "limit": 10},
            headers=admin,
        )
        events = [e["event"] for e in log.json()["events"]]
        assert "invitation_accepted" in events
        signed_in = [e for e in log.json()["events"] if e["event"] == "code_ok"]
        assert signed_in
        assert signed_in[0]["details"] == {"purpose": "invite"}
        await start_login(client, "new.mentor@school.example", NEW_PASSWORD)

    async def test_duplicate_email_is_409(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.post(
            "/admin/users", json={"email": "ADMIN@campus.local", "name": "X"}, headers=admin
        )
        assert r.status_code == 409

    @pytest.mark.parametrize("notification_overrides", [{"code_resend_cooldown": 0}])
    async def test_resend_invite_replaces_code(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        created = await client.post(
            "/admin/users",
            json={"email": "late@school.example", "name": "Lee Late"},
            headers=admin,
        )
        await mailbox.next_code("late@school.example")
        resent = await client.post(f"/admin/users/{created.json()['id']}/invite", headers=admin)
        assert resent.status_code == 200
        code = await mailbox.next_code("late@school.example")
        ok = await client.post(
            "/invitations/accept",
            json={"email": "late@school.example", "code": code, "password": NEW_PASSWORD},
        )
        assert ok.status_code == 200
        again = await client.post(f"/admin/users/{created.json()['id']}/invite", headers=admin)
        assert again.status_code == 409


class TestRoleAndStatus:
    async def test_role_change_ends_sessions(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        sid = demo_user_id(STUDENT_EMAIL)
        r = await client.put(f"/admin/users/{sid}/role", json={"role": "mentor"}, headers=admin)
        assert r.status_code == 200
        assert r.json()["role"] == "mentor"
        assert (await client.get("/me", headers=student)).status_code == 401
        again = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        assert (await client.get("/me", headers=again)).json()["role"] == "mentor"

    async def test_last_admin_keeps_the_role(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.put(
            f"/admin/users/{demo_user_id(ADMIN_EMAIL)}/role",
            json={"role": "student"},
            headers=admin,
        )
        assert r.status_code == 409
        bad = await client.put(
            f"/admin/users/{demo_user_id(ADMIN_EMAIL)}/role", json={"role": "god"}, headers=admin
        )
        assert bad.status_code == 422

    async def test_disable_and_enable(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        sid = demo_user_id(STUDENT_EMAIL)
        r = await client.post(f"/admin/users/{sid}/disable", headers=admin)
        assert r.json()["status"] == "disabled"
        assert (await client.get("/me", headers=student)).status_code == 401
        login = await client.post(
            "/login", json={"email": STUDENT_EMAIL, "password": DEMO_PASSWORD}
        )
        assert login.status_code == 401
        r = await client.post(f"/admin/users/{sid}/enable", headers=admin)
        assert r.json()["status"] == "active"
        await start_login(client, STUDENT_EMAIL)

    async def test_cannot_disable_self(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.post(f"/admin/users/{demo_user_id(ADMIN_EMAIL)}/disable", headers=admin)
        assert r.status_code == 409

    async def test_revoke_sessions(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        r = await client.post(
            f"/admin/users/{demo_user_id(STUDENT_EMAIL)}/sessions/revoke", headers=admin
        )
        assert r.status_code == 204
        assert (await client.get("/me", headers=student)).status_code == 401


class TestAudit:
    async def test_filter_takes_only_the_events_the_log_knows(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        known = await client.get("/admin/audit", params={"event": "code_dead"}, headers=admin)
        assert known.status_code == 200, known.text
        unknown = await client.get("/admin/audit", params={"event": "signed_in"}, headers=admin)
        body = assert_problem(unknown, 422)
        assert [e["loc"] for e in body["errors"]] == [["query", "event", "0"]]

    async def test_events_recorded_filtered_paginated(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        await client.post("/login", json={"email": STUDENT_EMAIL, "password": "wrong-password"})
        await client.put(
            f"/admin/users/{demo_user_id(STUDENT_EMAIL)}/role",
            json={"role": "mentor"},
            headers=admin,
        )
        failed = await client.get("/admin/audit", params={"event": "login_failed"}, headers=admin)
        assert failed.status_code == 200
        events = failed.json()["events"]
        assert len(events) == 1
        assert events[0]["subject_email"] == STUDENT_EMAIL
        assert events[0]["ip"] == "127.0.0.1"
        role = await client.get(
            "/admin/audit",
            params={"user_id": str(demo_user_id(STUDENT_EMAIL)), "event": "role_changed"},
            headers=admin,
        )
        [change] = role.json()["events"]
        assert change["actor_id"] == str(demo_user_id(ADMIN_EMAIL))
        assert change["details"] == {"old": "student", "new": "mentor"}
        everything = await client.get("/admin/audit", params={"limit": 2}, headers=admin)
        assert everything.json()["total"] == 4  # password ok, code ok, failed login, role
        assert len(everything.json()["events"]) == 2
        times = [e["created_at"] for e in everything.json()["events"]]
        assert times == sorted(times, reverse=True)

    async def test_naive_time_filter_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/audit", params={"since": "2026-01-01T00:00:00"}, headers=admin)
        assert r.status_code == 422
        ok = await client.get(
            "/admin/audit", params={"since": "2026-01-01T00:00:00Z"}, headers=admin
        )
        assert ok.status_code == 200


class TestInvitationSelfService:
    @pytest.mark.parametrize("notification_overrides", [{"code_resend_cooldown": 0}])
    async def test_invited_user_asks_for_a_new_code(
        self, client: httpx.AsyncClient, admin: dict[str, str], mailbox: Mailbox
    ) -> None:
        await client.post(
            "/admin/users", json={"email": "slow@school.example", "name": "Sam Slow"}, headers=admin
        )
        first = await mailbox.next_code("slow@school.example")
        answers = [
            await client.post("/invitations/resend", json={"email": email})
            for email in ("slow@school.example", "nobody@school.example", ADMIN_EMAIL)
        ]
        assert {a.status_code for a in answers} == {202}
        assert len({a.content for a in answers}) == 1
        second = await mailbox.next_code("slow@school.example")
        assert len(await mailbox.messages(ADMIN_EMAIL)) == 1  # only the admin's login code
        if first != second:
            stale = await client.post(
                "/invitations/accept",
                json={"email": "slow@school.example", "code": first, "password": NEW_PASSWORD},
            )
            assert stale.status_code in (400, 401)
        ok = await client.post(
            "/invitations/accept",
            json={"email": "slow@school.example", "code": second, "password": NEW_PASSWORD},
        )
        assert ok.status_code == 200
