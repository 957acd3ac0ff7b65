"""One owner per transaction, and the after-commit hook of the session scope.

A request's session is opened, committed and rolled back by `deps.SessionDep` alone; the outbox
worker and the monitor open their own with `session.begin()`. Whatever must happen only once a
change is durable (waking a delivery lane, counting a metric) is registered with `after_commit`,
which runs it after the commit of the session's transaction and drops it on a rollback.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


def after_commit(session: AsyncSession, action: Callable[[], None]) -> None:
    """Run `action` once the session's current transaction has committed; never on rollback."""
    sync = session.sync_session
    pending = True

    def on_commit(_session: Session) -> None:
        nonlocal pending
        if pending:
            pending = False
            action()

    def on_rollback(_session: Session) -> None:
        nonlocal pending
        pending = False

    event.listen(sync, "after_commit", on_commit)
    event.listen(sync, "after_rollback", on_rollback)
