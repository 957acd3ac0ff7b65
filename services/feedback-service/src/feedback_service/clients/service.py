"""An HTTP client to another service of the platform: retries, request-id forwarding, and a
fresh service token on every call (`campus_common.http`)."""

from __future__ import annotations

import httpx

from campus_common.http import ServiceTokenAuth, make_http_client
from feedback_service.settings import Settings


def service_client(
    settings: Settings, *, base_url: str, audience: str, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    """A client of `base_url` whose calls carry this service's token for `audience`."""
    return make_http_client(
        base_url=base_url,
        timeout=settings.http_timeout,
        retries=settings.http_retries,
        auth=ServiceTokenAuth(
            secret=settings.service_token_secret.get_secret_value(),
            caller=settings.service_name,
            audience=audience,
            ttl_seconds=int(settings.service_token_ttl.total_seconds()),
        ),
        transport=transport,
    )
