"""Two languages (issue 16), in Chromium through nginx: a student whose account is in Spanish
signs in, reads, acknowledges and answers a feedback entirely in Spanish (no text of the English
catalog left on those pages), and the emails they get (sign-in code, feedback published, a
message on the thread) are in Spanish too."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from support import fixtures_web
from support.fixtures_web import api, invited_account, publish_feedback, sign_in_api
from support.mailbox import Mailbox
from support.stack import Stack

admin_token = fixtures_web.admin_token
MARIA = "maria.mentor@campus.local"
PASSWORD = "Naranja-Tranvía-Brújula-58"
LOCALES = Path(__file__).resolve().parents[2] / "web" / "src" / "locales"


def flatten(tree: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out.update(flatten(value, path))
        else:
            out[path] = str(value)
    return out


def english_only_phrases() -> list[str]:
    """Every phrase of the English catalog that the Spanish one says differently: the pieces
    between placeholders and tags, of two words or more."""
    english = flatten(json.loads((LOCALES / "en.json").read_text()))
    spanish = flatten(json.loads((LOCALES / "es.json").read_text()))
    phrases = set()
    for key, text in english.items():
        if spanish.get(key) == text:
            continue
        for piece in re.split(r"\{\{\s*\w+\s*\}\}|<[^>]+>", text):
            piece = piece.strip(" .,:;?!()“”'\"·…")
            if len(piece.split()) >= 2:
                phrases.add(piece)
    return sorted(phrases)


def assert_no_english(page: Page) -> None:
    shown = page.inner_text("body")
    # Whole words only: "s mentor" (of "{{student}}'s mentor") is not in "los mentores".
    leftovers = [
        phrase
        for phrase in english_only_phrases()
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", shown)
    ]
    assert leftovers == [], leftovers


@pytest.fixture
def lucia(stack: Stack, mailbox: Mailbox, admin_token: str) -> str:
    """A new student of Maria's, invited and accepted, whose account language is Spanish."""
    email = f"lucia.{uuid.uuid4().hex[:8]}@campus.local"
    invited_account(stack, mailbox, admin_token, email, "Lucía Fernández", PASSWORD)
    # The language first: the feedback service keeps what the directory said for a minute.
    with api(stack, sign_in_api(stack, mailbox, email, PASSWORD)) as client:
        chosen = client.patch("/api/auth/me", json={"locale": "es"})
        assert chosen.status_code == 200, chosen.text
        assert chosen.json()["locale"] == "es"
    with api(stack, admin_token) as client:
        assigned = client.post(
            "/api/feedback/v1/assignments",
            json={"mentor_email": MARIA, "student_email": email, "cohort": "Grupo ES"},
        )
        assert assigned.status_code in (200, 201), assigned.text
    return email


def test_a_spanish_speaking_student_reads_acknowledges_and_answers_in_spanish(
    browser: Browser, stack: Stack, mailbox: Mailbox, lucia: str
) -> None:
    title = f"Revisión de la semana {uuid.uuid4().hex[:4]}"
    maria = sign_in_api(stack, mailbox, MARIA)
    seen = mailbox.ids(lucia)
    feedback_id = publish_feedback(stack, maria, lucia, title)

    published = mailbox.wait_for(lucia, after=seen, template="feedback_published", timeout=30)
    assert published["subject"] == f"Nueva retroalimentación de Maria Okafor: {title}"
    assert published["text"].startswith("Hola, Lucía Fernández:")
    assert "ha publicado una nueva retroalimentación para ti" in published["text"]
    assert '<html lang="es">' in published["html"]

    context = browser.new_context(base_url=stack.public_url, locale="es-ES")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        # Signing in: the browser asks for Spanish, so the very first page already speaks it.
        page.goto("/login")
        expect(page.get_by_role("heading", name="Inicia sesión en Campus")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert_no_english(page)
        seen = mailbox.ids(lucia)
        page.get_by_label("Correo electrónico").fill(lucia)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page.get_by_role("heading", name="Introduce tu código")).to_be_visible()
        assert_no_english(page)
        code_email = mailbox.wait_for(lucia, after=seen)
        assert code_email["subject"] == "Tu código para iniciar sesión en Campus"
        assert "Usa este código para terminar de iniciar sesión en Campus" in code_email["text"]
        code = re.search(r"^\s*(\d{6})\s*$", code_email["text"], re.M)
        assert code, code_email["text"]
        page.get_by_label("Código de 6 dígitos").fill(code.group(1))

        # Reading: the list, then the feedback.
        expect(page.get_by_role("heading", name="Mi retroalimentación")).to_be_visible()
        expect(page.get_by_test_id("unacknowledged-count")).to_have_text("1 por confirmar.")
        expect(page.get_by_test_id("feedback-item").first).to_contain_text("Nueva")
        assert_no_english(page)
        page.get_by_role("link", name=re.compile(re.escape(title))).click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.get_by_role("heading", name="Puntuaciones", exact=True)).to_be_visible()
        expect(page.get_by_text("De Maria Okafor para Lucía Fernández")).to_be_visible()
        thread = page.get_by_role("region", name="Conversación")
        expect(thread.get_by_text("Todavía no hay mensajes.")).to_be_visible()
        assert_no_english(page)

        # Acknowledging.
        page.get_by_role("button", name="Confirmar la lectura").click()
        expect(page.get_by_text(re.compile(r"^Confirmaste que la leíste el "))).to_be_visible()

        # Answering, and the mentor's reply arrives by email in Spanish.
        thread.get_by_label("Escribe un mensaje").fill("¡Gracias! ¿Podemos hablar de las pruebas?")
        thread.get_by_role("button", name="Enviar").click()
        expect(thread.get_by_test_id("thread-message")).to_have_count(1)
        expect(thread.get_by_test_id("thread-message")).to_contain_text("Estudiante")
        assert_no_english(page)

        seen = mailbox.ids(lucia)
        with api(stack, maria) as client:
            reply = client.post(
                f"/api/feedback/v1/feedback/{feedback_id}/messages",
                json={"body": "Claro, mañana después de clase."},
            )
            assert reply.status_code == 201, reply.text
        message = mailbox.wait_for(lucia, after=seen, template="feedback_message", timeout=30)
        assert message["subject"] == f"Maria Okafor ha escrito en «{title}»"
        assert message["text"].startswith("Hola, Lucía Fernández:")
        assert "Claro, mañana después de clase." in message["text"]
        assert "Lee la conversación y responde aquí" in message["text"]
        for email in (published, code_email, message):
            assert "Hello" not in email["text"]
            assert "This email was sent by" not in email["html"]
    finally:
        context.close()
