"""TRUSTED_PROXIES takes addresses and CIDR networks (edge pods in Kubernetes change address):
X-Forwarded-For is believed from a peer inside a trusted network, ignored from one outside; a bad
entry stops the start with a message naming it."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select
from starlette.requests import Request

from auth_backend.deps import client_ip
from auth_backend.models import AuditEvent
from auth_backend.settings import Settings
from campus_testing.demo import DEMO_PASSWORD

from .conftest import ADMIN_EMAIL

pytestmark = pytest.mark.usefixtures("seeded")
NETWORKS = {"trusted_proxies": ["10.0.0.0/8", "fd00::/8", "192.0.2.10"]}


async def failed_login_ip(app: FastAPI, peer: str, forwarded: str) -> str | None:
    """The client address auth records for a wrong password sent by `peer` with this header."""
    transport = httpx.ASGITransport(app=app, client=(peer, 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.post(
            "/login",
            json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD + "x"},
            headers={"X-Forwarded-For": forwarded},
        )
    assert r.status_code == 401
    async with app.state.context.sessionmaker() as session:
        rows = await session.scalars(select(AuditEvent).where(AuditEvent.event == "login_failed"))
        events = list(rows)
    assert len(events) == 1
    return events[0].ip


@pytest.mark.parametrize("settings_overrides", [NETWORKS])
@pytest.mark.parametrize(
    ("peer", "forwarded", "seen"),
    [
        ("10.42.7.19", "198.51.100.7", "198.51.100.7"),  # an edge pod inside 10.0.0.0/8
        ("fd12:3456::9", "198.51.100.7", "198.51.100.7"),  # inside fd00::/8
        ("192.0.2.10", "198.51.100.7", "198.51.100.7"),  # a plain address still works
        ("10.1.1.1", "203.0.113.9, 10.2.2.2", "203.0.113.9"),  # trusted hops are skipped
        ("10.1.1.1", "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # a prepended hop is not believed
        ("172.16.0.5", "198.51.100.7", "172.16.0.5"),  # outside every trusted network
        ("192.0.2.11", "198.51.100.7", "192.0.2.11"),  # next to the trusted address
    ],
)
async def test_forwarded_for_is_believed_only_inside_trusted_networks(
    app: FastAPI, peer: str, forwarded: str, seen: str
) -> None:
    assert await failed_login_ip(app, peer, forwarded) == seen


def _request(peer: str, forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())]
    return Request({"type": "http", "client": (peer, 1), "headers": headers})


def test_ipv4_mapped_peer_matches_its_ipv4_network() -> None:
    trusted = Settings(environment="test", trusted_proxies=["10.0.0.0/8"]).trusted_proxies
    assert client_ip(_request("::ffff:10.3.4.5", "198.51.100.7"), trusted) == "198.51.100.7"
    assert client_ip(_request("::ffff:11.3.4.5", "198.51.100.7"), trusted) == "::ffff:11.3.4.5"


def test_entries_are_parsed_once_at_load() -> None:
    settings = Settings(environment="test", trusted_proxies=["10.0.0.0/8", " ::1 ", "fd00::/8"])
    assert settings.trusted_proxies == (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1"),
        ipaddress.ip_network("fd00::/8"),
    )
    assert Settings(environment="test").trusted_proxies == (
        ipaddress.ip_network("127.0.0.1"),
        ipaddress.ip_network("::1"),
    )


def test_environment_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", '["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16"]')
    assert len(Settings(environment="test").trusted_proxies) == 3


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        ("edge.internal", "expected an IP address or a network"),
        ("10.0.0.0/33", "expected an IP address or a network"),
        ("10.1.2.3/8", "did you mean 10.0.0.0/8?"),
        ("", "expected an IP address or a network"),
    ],
)
def test_a_bad_entry_fails_at_load_naming_it(entry: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(environment="test", trusted_proxies=["127.0.0.1", entry])
    message = str(raised.value)
    assert f"TRUSTED_PROXIES entry {entry!r}" in message
    assert hint in message
