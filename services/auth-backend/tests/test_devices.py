"""A session's device in words: "Chrome on Linux" from the stored user agent, and in /sessions."""

from __future__ import annotations

import httpx
import pytest

from auth_backend.sessions.devices import device_label

from .conftest import ADMIN_EMAIL, Mailbox, bearer, start_login

pytestmark = pytest.mark.usefixtures("seeded")

CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


class TestDeviceLabel:
    @pytest.mark.parametrize(
        ("user_agent", "label"),
        [
            (CHROME_LINUX, "Chrome on Linux"),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "HeadlessChrome/131.0.0.0 Safari/537.36",
                "Chrome on Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Safari on macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                "Chrome on iPad",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
                "Firefox on iPhone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
                "Samsung Internet on Android",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0.0.0 Safari/537.36",
                "Chrome on ChromeOS",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
                "Opera on Windows",
            ),
            ("curl/8.5.0", "curl"),
            ("python-httpx/0.28.1", "a Python program"),
            ("Mozilla/5.0 (X11; Linux x86_64) SomethingNew/1.0", "Unknown browser on Linux"),
            ("Tablet Browser", "Unknown browser"),
            ("   ", "Unknown browser"),
            (None, "Unknown browser"),
        ],
    )
    def test_label(self, user_agent: str | None, label: str) -> None:
        assert device_label(user_agent) == label

    def test_a_long_hostile_string_is_just_unknown(self) -> None:
        assert device_label("(" * 400) == "Unknown browser"


class TestSessionsListSaysTheDevice:
    async def test_device_next_to_the_raw_user_agent(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        challenge = await start_login(client, ADMIN_EMAIL)
        code = await mailbox.next_code(ADMIN_EMAIL)
        phone = await client.post(
            "/login/mfa",
            json={"mfa_token": challenge["mfa_token"], "code": code},
            headers={"User-Agent": CHROME_LINUX},
        )
        assert phone.status_code == 200, phone.text
        listed = await client.get("/sessions", headers=bearer(phone))
        assert listed.status_code == 200
        (mine,) = [s for s in listed.json()["sessions"] if s["current"]]
        assert mine["device"] == "Chrome on Linux"
        assert mine["user_agent"] == CHROME_LINUX

    async def test_a_session_without_a_user_agent_is_unknown(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        challenge = await start_login(client, ADMIN_EMAIL)
        code = await mailbox.next_code(ADMIN_EMAIL)
        bare = await client.post(
            "/login/mfa",
            json={"mfa_token": challenge["mfa_token"], "code": code},
            headers={"User-Agent": ""},
        )
        assert bare.status_code == 200, bare.text
        listed = await client.get("/sessions", headers=bearer(bare))
        (mine,) = [s for s in listed.json()["sessions"] if s["current"]]
        assert mine["user_agent"] is None
        assert mine["device"] == "Unknown browser"
