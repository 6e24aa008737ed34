"""Users (reps, managers, admins) and matching the names people write in spreadsheets."""

from __future__ import annotations

from sqlmodel import Session, select

from crm_store.models import User
from crm_store.names import normalize_person_name


def get_by_slack_id(session: Session, slack_user_id: str) -> User | None:
    return session.exec(select(User).where(User.slack_user_id == slack_user_id)).first()


def find_user_by_name(session: Session, name: str | None) -> User | None:
    """The one user a written name refers to: exact ("鈴木 一郎"), or a unique family-name
    prefix ("鈴木", "鈴木さん"). None when nobody or several people match."""
    key = normalize_person_name(name or "")
    if not key:
        return None
    users = list(session.exec(select(User)))
    exact = [u for u in users if u.normalized_name == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    prefixed = [u for u in users if u.normalized_name.startswith(key)]
    return prefixed[0] if len(prefixed) == 1 else None


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.id)))
