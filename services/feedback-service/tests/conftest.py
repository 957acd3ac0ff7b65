"""Fixtures: real stores (SQLite or PostgreSQL per TEST_DATABASE, and the MongoDB wire stand-in),
the REAL auth-backend in-process (its own fresh database, demo accounts seeded) as the user
directory, and access tokens signed with a test ES256 key loaded into the real verifier."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from campus_testing.databases import truncate_all
from campus_testing.demo import DEMO_ACCOUNTS
from campus_testing.services import AUTH, FEEDBACK, running
from campus_testing.tokens import SigningKey
from feedback_service.main import create_app
from feedback_service.models import Base
from feedback_service.settings import Settings
from feedback_service.store.adapters import FeedbackStore, make_store
from feedback_service.store.mongo import MongoBase
from feedback_service.store.sql import SqlBase

SERVICE_DIR = Path(__file__).resolve().parents[1]
KID = "feedback-test-key"
ACCOUNTS = {a.email.split("@")[0].split(".")[0]: a for a in DEMO_ACCOUNTS}


async def wipe(store: FeedbackStore) -> None:
    """Delete every row or document (tests only; not part of the store's interface)."""
    if isinstance(store, SqlBase):
        await truncate_all(store.engine, Base.metadata)
    elif isinstance(store, MongoBase):
        # Every collection of the store's database: messages, requests, comments and the
        # events queued on their own too, not only the aggregates named here.
        database = store.feedback.database
        for name in await database.list_collection_names():
            await database[name].delete_many({})
    else:
        raise TypeError(f"no wipe for {type(store).__name__}")


@pytest.fixture(name="wipe")
def wipe_fixture() -> Callable[[FeedbackStore], Awaitable[None]]:
    return wipe


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return FEEDBACK.database_url("feedback_service", tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    """The mongoeco wire server (a MongoDB stand-in; no MongoDB server can run here), installed
    by scripts/mongo_standin.sh and started on an ephemeral port."""
    python = (
        subprocess.run(
            [str(SERVICE_DIR / "scripts" / "mongo_standin.sh")],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    proc = subprocess.Popen(
        [python, str(SERVICE_DIR / "scripts" / "mongo_standin_server.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("PORT "), f"stand-in did not start: {line!r}"
        port = int(line.split()[1])
        yield f"mongodb://127.0.0.1:{port}/feedback_test?directConnection=true"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(params=["sql", "mongo"])
def store_url(request: pytest.FixtureRequest) -> str:
    """The same contract runs against every adapter: SQL (this run's backend) and MongoDB."""
    name = "database_url" if request.param == "sql" else "mongo_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[FeedbackStore]:
    url = store_url
    adapter = make_store(FEEDBACK.settings(url))
    await adapter.start()
    await wipe(adapter)
    try:
        yield adapter
    finally:
        await wipe(adapter)
        await adapter.close()


# The real auth-backend, in-process, as the user directory.
@pytest.fixture(scope="session")
def auth_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from auth_backend.cli import seed_demo

    tmp = Path(tmp_path_factory.mktemp("auth"))
    url = AUTH.database_url("feedback_auth", tmp)
    settings = AUTH.settings(url, tmp, notification_url="http://127.0.0.1:9")
    assert seed_demo(settings) == 0
    return settings


@pytest.fixture
async def auth_app(auth_settings: Any) -> AsyncIterator[FastAPI]:
    from auth_backend.main import create_app as create_auth_app

    async with running(create_auth_app(auth_settings)) as application:
        yield application


# Access tokens.
@pytest.fixture(scope="session")
def test_key() -> SigningKey:
    return SigningKey(KID)


@pytest.fixture(scope="session")
def signing_key(test_key: SigningKey) -> ec.EllipticCurvePrivateKey:
    return test_key.private


@pytest.fixture(scope="session")
def jwks(test_key: SigningKey) -> dict[str, Any]:
    return test_key.jwks


@pytest.fixture(scope="session")
def token_for(test_key: SigningKey) -> Callable[[str], str]:
    """`token_for("alex")`: an access token for a demo account, claims as in the contract."""

    def make(who: str) -> str:
        account = ACCOUNTS[who]
        return test_key.sign(
            sub=str(account.id),
            role=account.role,
            email=account.email,
            name=account.name,
            exp=int(time.time()) + 600,
        )

    return make


@pytest.fixture
def settings(database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    settings: Settings = FEEDBACK.settings(database_url, **settings_overrides)
    return settings


@pytest.fixture
async def app(
    settings: Settings, auth_app: FastAPI, jwks: dict[str, Any]
) -> AsyncIterator[FastAPI]:
    application = create_app(settings, auth_transport=httpx.ASGITransport(app=auth_app))
    async with running(application):
        application.state.verifier.set_keys(jwks)
        await wipe(application.state.context.store)
        yield application
        await wipe(application.state.context.store)


@pytest.fixture
def as_user(token_for: Callable[[str], str]) -> Callable[[str], dict[str, str]]:
    return lambda who: {"Authorization": f"Bearer {token_for(who)}"}


# API tests: the rubric and the assignments of cohort A, as an admin would set them up.
RUBRIC = {
    "name": "Mentoring rubric",
    "criteria": [
        {
            "key": "clarity",
            "name": "Clarity",
            "scale_min": 1,
            "scale_max": 5,
            "levels": [{"score": 1, "label": "Unclear"}, {"score": 5, "label": "Crystal clear"}],
        },
        {"key": "depth", "name": "Depth", "scale_min": 1, "scale_max": 5},
    ],
}


@pytest.fixture
async def setup(
    app: FastAPI, client: httpx.AsyncClient, as_user: Callable[[str], dict[str, str]]
) -> None:
    """The rubric (clarity, depth), and Maria mentoring Alex and Bea, Tom mentoring Dara.

    The audit entries these writes queue are relayed here, so a test's outbox holds only what the
    test itself did."""
    assert (
        await client.put("/v1/rubric", json=RUBRIC, headers=as_user("admin"))
    ).status_code == 200
    for mentor, student in (("maria", "alex"), ("maria", "bea"), ("tom", "dara")):
        response = await client.post(
            "/v1/assignments",
            json={
                "mentor_email": f"{mentor}.mentor@campus.local",
                "student_email": f"{student}.student@campus.local",
                "cohort": "Cohort A",
            },
            headers=as_user("admin"),
        )
        assert response.status_code == 201, response.text
    # The assignments' feed items and emails go to a stand-in notification service here.
    relay = app.state.context.relay
    client = relay.client
    relay.client = httpx.AsyncClient(
        base_url="http://notify", transport=httpx.MockTransport(lambda _: httpx.Response(202))
    )
    try:
        assert await relay.run_once() == 4  # the rubric and three assignments
    finally:
        await relay.client.aclose()
        relay.client = client


def user_id(who: str) -> str:
    return str(ACCOUNTS[who].id)


async def write(
    client: httpx.AsyncClient,
    as_user: Callable[[str], dict[str, str]],
    *,
    student: str = "alex",
    by: str = "maria",
    **fields: Any,
) -> httpx.Response:
    """`POST /v1/feedback` as mentor `by` about `student`, `fields` completing the body."""
    body = {"student_id": user_id(student), **fields}
    return await client.post("/v1/feedback", json=body, headers=as_user(by))


os.environ.setdefault("LOG_LEVEL", "WARNING")
