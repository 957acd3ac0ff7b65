"""Two languages for staff (issue 16), in Chromium through nginx: a mentor whose browser speaks
English chooses Spanish on the account page, then writes and publishes a feedback entirely in
Spanish (page titles, buttons, editor labels); an admin who chose Spanish reads the rubric editor,
the email status, the user import, the shared comments and the requests in Spanish. No phrase of
the English catalog is left on those pages; what the school typed (criterion names) stays as
typed."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from support import fixtures_web
from support.fixtures_web import api, invited_account, sign_in_api
from support.mailbox import Mailbox
from support.pages import sign_in
from support.stack import Stack
from test_spanish import PASSWORD, assert_no_english

admin_token = fixtures_web.admin_token


def accepted(stack: Stack, mailbox: Mailbox, admin_token: str, name: str, role: str) -> str:
    """A new account of `role`, invited and accepted with PASSWORD: its email."""
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@campus.local"
    invited_account(stack, mailbox, admin_token, email, name, PASSWORD, role)
    return email


@pytest.fixture
def english_browser(browser: Browser, stack: Stack) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=stack.public_url, locale="en-US", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def choose_spanish(page: Page) -> None:
    """On the account page, in English, the language choice: the page answers in Spanish."""
    page.goto("/account")
    page.get_by_label("Language of the app and its emails").select_option("es")
    expect(page.get_by_text("Idioma guardado.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_a_mentor_who_chose_spanish_writes_and_publishes_in_spanish(
    english_browser: BrowserContext, stack: Stack, mailbox: Mailbox, admin_token: str
) -> None:
    mentor = accepted(stack, mailbox, admin_token, "Mateo Ruiz", "mentor")
    student_name = "Valentina Soto"
    student = accepted(stack, mailbox, admin_token, student_name, "student")
    with api(stack, admin_token) as client:
        assigned = client.post(
            "/api/feedback/v1/assignments",
            json={"mentor_email": mentor, "student_email": student, "cohort": "Grupo ES"},
        )
        assert assigned.status_code in (200, 201), assigned.text

    page = english_browser.new_page()
    sign_in(page, mailbox, mentor, PASSWORD)
    choose_spanish(page)
    assert_no_english(page)

    page.goto("/mentor")
    expect(page.get_by_role("heading", name="Mis estudiantes", level=1)).to_be_visible()
    expect(page).to_have_title("Mis estudiantes · Campus")
    expect(page.get_by_role("heading", name="Mis borradores")).to_be_visible()
    assert_no_english(page)

    page.get_by_role("link", name=f"Escribir retroalimentación para {student_name}").click()
    expect(page.get_by_role("heading", name="Escribir retroalimentación", level=1)).to_be_visible()
    expect(page.get_by_text(f"Para {student_name}")).to_be_visible()
    expect(page.get_by_test_id("save-status")).to_have_text(
        "Tu borrador se guarda mientras escribes."
    )
    assert_no_english(page)

    title = f"Revisión del proyecto {uuid.uuid4().hex[:4]}"
    page.get_by_label("Título").fill(title)
    fields = page.locator("fieldset.score-field")
    expect(fields.first).to_be_visible()
    for index in range(fields.count()):
        fields.nth(index).get_by_role("radio").last.check()
    page.get_by_label("Valoración global").select_option("4")
    page.get_by_label("Puntos fuertes").fill("Explicas con claridad y calma.")
    page.get_by_label("Aspectos a mejorar").fill("Añade pruebas a los casos límite.")
    expect(page.get_by_test_id("save-status")).to_contain_text(
        "Borrador guardado a las", timeout=10_000
    )
    expect(page).to_have_title(re.compile(r"· Campus$"))
    expect(
        page.get_by_text("Al publicarla, el estudiante la ve y recibe un correo.")
    ).to_be_visible()
    assert_no_english(page)

    seen = mailbox.ids(student)
    page.get_by_role("button", name="Publicar", exact=True).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/feedback/[0-9a-f-]+$"))
    expect(page.get_by_role("heading", name="Puntuaciones", exact=True)).to_be_visible()
    expect(page.get_by_text("Explicas con claridad y calma.")).to_be_visible()
    expect(page.get_by_role("heading", name="Historial de ediciones")).to_be_visible()
    assert_no_english(page)
    # The student's own language (their browser's, English here) decides their email.
    mailbox.wait_for(student, after=seen, template="feedback_published", timeout=30)


def test_an_admin_who_chose_spanish_reads_the_rubric_editor_and_email_status_in_spanish(
    english_browser: BrowserContext, stack: Stack, mailbox: Mailbox, admin_token: str
) -> None:
    admin = accepted(stack, mailbox, admin_token, "Carmen Vidal", "admin")
    page = english_browser.new_page()
    sign_in(page, mailbox, admin, PASSWORD)
    choose_spanish(page)

    page.goto("/admin/rubric")
    expect(page.get_by_role("heading", name="Rúbrica", level=1)).to_be_visible()
    expect(page).to_have_title("Rúbrica · Campus")
    expect(page.get_by_label("Nombre de la rúbrica")).to_be_visible()
    expect(page.get_by_role("button", name="Guardar como versión nueva")).to_be_visible()
    expect(page.get_by_role("button", name="Exportar como JSON")).to_be_visible()
    expect(page.get_by_role("heading", name="Vista previa")).to_be_visible()
    expect(page.get_by_role("button", name="Añadir un criterio")).to_be_visible()
    assert_no_english(page)

    page.goto("/admin/notifications")
    expect(page.get_by_role("heading", name="Estado del correo", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Correos recientes")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^El envío de correo funciona"))).to_be_visible()
    expect(page.get_by_role("columnheader", name="Intentos")).to_be_visible()
    assert_no_english(page)

    page.goto("/admin/users/import")
    expect(page.get_by_role("heading", name="Importar usuarios", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Vista previa")).to_be_disabled()
    assert_no_english(page)

    page.goto("/admin/comments")
    expect(page.get_by_role("heading", name="Comentarios compartidos", level=1)).to_be_visible()
    expect(page).to_have_title("Comentarios compartidos · Campus")
    assert_no_english(page)

    page.goto("/mentor/requests")
    expect(page.get_by_role("heading", name="Solicitudes de feedback", level=1)).to_be_visible()
    # Either no open request yet, or the open ones and the count per cohort (other tests add some).
    expect(
        page.get_by_text("No hay solicitudes abiertas.")
        .or_(page.get_by_test_id("request-summary"))
        .first
    ).to_be_visible()
    assert_no_english(page)

    token = sign_in_api(stack, mailbox, admin, PASSWORD)
    with api(stack, token) as client:
        me = client.get("/api/auth/me")
        assert me.status_code == 200, me.text
        assert me.json()["locale"] == "es"
