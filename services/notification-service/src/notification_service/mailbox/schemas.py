"""Responses of the dev mailbox API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class MailboxMessageOut(BaseModel):
    id: uuid.UUID
    to: str
    subject: str
    text: str
    html: str
    template: str
    headers: dict[str, str] = {}
    created_at: datetime


class MailboxMessages(BaseModel):
    messages: list[MailboxMessageOut]
