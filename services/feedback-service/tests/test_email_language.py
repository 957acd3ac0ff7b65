"""Emails in the recipient's language: the relay asks the notification service for the published
feedback and each thread message in the language the recipient chose on their account (auth's
directory says which), and in English for someone who chose none."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from auth_backend.accounts.models import User

from .test_threads import captured_notifications, email, post, publish

Headers = Callable[[str], dict[str, str]]


@pytest.fixture
async def alex_reads_spanish(auth_app: FastAPI) -> AsyncIterator[None]:
    """Alex's account set to Spanish in auth's store (shared by the session: put back after)."""
    sessionmaker = auth_app.state.context.sessionmaker

    async def set_locale(locale: str | None) -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(
                update(User).where(User.email == email("alex")).values(locale=locale)
            )

    await set_locale("es")
    yield
    await set_locale(None)


@pytest.mark.usefixtures("alex_reads_spanish", "setup")  # before the directory caches Alex
async def test_each_email_goes_in_its_recipients_language(
    app: FastAPI, client: httpx.AsyncClient, as_user: Headers
) -> None:
    fid = await publish(client, as_user)
    sent = captured_notifications(app)
    to_mentor = await post(client, as_user, fid, "alex", "¿Puedes revisar mis pruebas?")
    to_student = await post(client, as_user, fid, "maria", "Sí, mira la guía.")
    assert to_mentor.status_code == to_student.status_code == 201

    assert await app.state.context.relay.run_once() == 3
    by_key = {n["idempotency_key"]: n for n in sent}
    [published] = [n for n in sent if n["template"] == "feedback_published"]
    assert (published["to"], published["locale"]) == (email("alex"), "es")
    student_copy = by_key[f"feedback-message:{to_student.json()['id']}"]
    assert (student_copy["to"], student_copy["locale"]) == (email("alex"), "es")
    mentor_copy = by_key[f"feedback-message:{to_mentor.json()['id']}"]
    assert mentor_copy["to"] == email("maria")
    assert "locale" not in mentor_copy  # Maria chose no language: English


@pytest.fixture
async def admin_reads_spanish(auth_app: FastAPI) -> AsyncIterator[None]:
    sessionmaker = auth_app.state.context.sessionmaker

    async def set_locale(locale: str | None) -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(
                update(User).where(User.email == "admin@campus.local").values(locale=locale)
            )

    await set_locale("es")
    yield
    await set_locale(None)


@pytest.mark.usefixtures("admin_reads_spanish", "setup")
async def test_the_export_speaks_the_requesters_language(
    app: FastAPI, client: httpx.AsyncClient, as_user: Headers
) -> None:
    await publish(client, as_user)
    spanish = await client.get("/v1/export/feedback.csv", headers=as_user("admin"))
    assert spanish.status_code == 200
    rows = list(csv.DictReader(io.StringIO(spanish.content.decode("utf-8-sig"))))
    [row] = rows
    assert row["titulo"] == "Week 3 review"
    assert row["correo_estudiante"] == email("alex")
    assert row["puntuacion_clarity"] == "3"
    assert "title" not in row
    english = await client.get("/v1/export/feedback.csv", headers=as_user("maria"))
    assert english.content.decode("utf-8-sig").startswith("id,state,title,")
