"""The audit log: every insert, update and delete of a CRM row, recorded in the same transaction.

It hangs off SQLAlchemy's flush, so no repository can forget it; the actor comes from the
session (see `Database.session`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from core.clock import utcnow
from crm_store.models import Audited, AuditLog

_ACTOR_KEY = "salesbot_actor"
_CONTEXT_KEY = "salesbot_context"


def tag_session(session: Session, actor: str, context: dict[str, Any] | None = None) -> None:
    session.info[_ACTOR_KEY] = actor
    session.info[_CONTEXT_KEY] = context or None


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _changed_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


@event.listens_for(Session, "after_flush")
def _record_writes(session: Session, _flush_context: Any) -> None:
    actor = session.info.get(_ACTOR_KEY, "system")
    context = session.info.get(_CONTEXT_KEY)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update":
                changes = _changed_values(obj)
                if not changes:
                    continue
            else:
                changes = _column_values(obj)
            rows.append({
                "at": now, "actor": actor, "action": action,
                "table_name": obj.__tablename__,  # type: ignore[attr-defined]
                "row_id": getattr(obj, "id", None), "changes": changes, "context": context,
            })
    if rows:
        # A Core insert: adding ORM objects from inside a flush is not allowed.
        session.connection().execute(insert(AuditLog), rows)
