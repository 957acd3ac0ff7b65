"""The small confirmation page of the one-click unsubscribe link (English or Spanish, by the
browser's Accept-Language). The GET only shows a button: mail scanners that follow links change
nothing; the button POSTs, as RFC 8058 mail clients do."""

from __future__ import annotations

from starlette.responses import HTMLResponse

from notification_service.outbox.rendering import language_of
from notification_service.status.pages import _env

# The edge adds its own CSP (form-action 'self'); this one is for direct callers.
UNSUBSCRIBE_CSP = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

TEXTS = {
    "en": {
        "title": "Daily digest emails",
        "confirm": "Press the button to stop receiving daily digest emails. "
        "You can turn them on again on your account page.",
        "button": "Turn off digest emails",
        "done": "Done: you will receive no more digest emails.",
        "account": "Open your account page",
        "invalid": "This link is not valid. Change your email settings on your account page.",
        "purpose": "This link is not an unsubscribe link.",
        "expired": "This link has expired. Change your email settings on your account page.",
    },
    "es": {
        "title": "Resúmenes diarios por correo",
        "confirm": "Pulsa el botón para dejar de recibir el resumen diario por correo. "
        "Puedes volver a activarlo en la página de tu cuenta.",
        "button": "Desactivar los resúmenes",
        "done": "Hecho: ya no recibirás más resúmenes por correo.",
        "account": "Abrir la página de tu cuenta",
        "invalid": "Este enlace no es válido. Cambia tus avisos por correo en la página de tu cuenta.",
        "purpose": "Este enlace no sirve para darse de baja.",
        "expired": "Este enlace ha caducado. Cambia tus avisos por correo en la página de tu cuenta.",
    },
}


def page_language(accept_language: str | None) -> str:
    first = (accept_language or "").split(",")[0].split(";")[0].strip()
    return language_of(first)


def unsubscribe_page(
    *,
    state: str,
    language: str,
    platform_name: str,
    public_url: str,
    reason: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    html = _env.get_template("unsubscribe.html").render(
        state=state,
        lang=language,
        t=TEXTS[language],
        reason=reason,
        platform_name=platform_name,
        public_url=public_url.rstrip("/"),
    )
    return HTMLResponse(
        html,
        status_code=status_code,
        headers={
            "Content-Security-Policy": UNSUBSCRIBE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
