"""No password, code, MFA token, access token or refresh token in any log line: the captured
logs of both services during a full login (and refresh, logout, reset) are searched for the
actual values."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import httpx
import pytest

from campus_testing.demo import DEMO_PASSWORD

from .conftest import ADMIN_EMAIL, NEW_PASSWORD, Mailbox, bearer

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def captured(app: object) -> Iterator[io.StringIO]:
    """Every log line, rendered exactly as the services render them (JSON)."""
    root = logging.getLogger()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    yield buffer
    root.removeHandler(handler)


def _lines(buffer: io.StringIO) -> list[str]:
    """Log lines without their timestamps (microseconds could look like a code)."""
    out = []
    for line in buffer.getvalue().splitlines():
        record = json.loads(line)
        record.pop("timestamp", None)
        out.append(json.dumps(record))
    return out


async def test_full_login_logs_no_secrets(
    client: httpx.AsyncClient, mailbox: Mailbox, captured: io.StringIO
) -> None:
    secrets: dict[str, str] = {"password": DEMO_PASSWORD, "new password": NEW_PASSWORD}
    wrong = await client.post("/login", json={"email": ADMIN_EMAIL, "password": "Wrong-pw-xyz"})
    assert wrong.status_code == 401
    secrets["wrong password"] = "Wrong-pw-xyz"
    started = await client.post("/login", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
    secrets["mfa token"] = started.json()["mfa_token"]
    code = await mailbox.next_code(ADMIN_EMAIL)
    secrets["code"] = code
    done = await client.post("/login/mfa", json={"mfa_token": secrets["mfa token"], "code": code})
    assert done.status_code == 200
    secrets["access token"] = done.json()["access_token"]
    secrets["refresh token"] = done.cookies["campus_refresh"]
    assert (await client.get("/me", headers=bearer(done))).status_code == 200
    refreshed = await client.post(
        "/refresh", headers={"Cookie": f"campus_refresh={secrets['refresh token']}"}
    )
    secrets["second access token"] = refreshed.json()["access_token"]
    secrets["second refresh token"] = refreshed.cookies["campus_refresh"]
    await client.post("/password/reset", json={"email": ADMIN_EMAIL})
    reset_code = await mailbox.next_code(ADMIN_EMAIL)
    secrets["reset code"] = reset_code
    r = await client.post(
        "/password/reset/confirm",
        json={"email": ADMIN_EMAIL, "code": reset_code, "new_password": NEW_PASSWORD},
    )
    assert r.status_code == 204
    await client.post(
        "/logout", headers={"Cookie": f"campus_refresh={secrets['second refresh token']}"}
    )

    lines = _lines(captured)
    assert len(lines) > 15
    assert any('"audit_event": "code_ok"' in line for line in lines)
    for what, value in secrets.items():
        pattern = re.compile(r"(?<![0-9])" + re.escape(value) + r"(?![0-9])")
        leaked = [line for line in lines if pattern.search(line)]
        assert not leaked, f"{what} appears in the logs: {leaked[:2]}"
