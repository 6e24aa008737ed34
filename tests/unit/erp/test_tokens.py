"""Tokens at rest: encrypted with the configured key, clear errors for a missing or wrong key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.errors import UserFacingError
from crm_store.db import Database
from erp.tokens import StoredTokens, TokenStore, new_token_key


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'tokens.db'}")
    db.migrate()
    yield db
    db.dispose()


def test_round_trip_and_ciphertext_only(sqlite_db: Database) -> None:
    key = new_token_key()
    store = TokenStore(sqlite_db, "freee", key)
    expires = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
    store.save(StoredTokens("access-secret", "refresh-secret", expires, "1001"))
    assert store.load() == StoredTokens("access-secret", "refresh-secret", expires, "1001")
    raw = sqlite_db.engine.raw_connection()
    try:
        blob = raw.cursor().execute("select encrypted_tokens from erp_credentials").fetchone()[0]
    finally:
        raw.close()
    assert b"access-secret" not in blob and b"refresh-secret" not in blob
    with pytest.raises(UserFacingError, match="cannot be decrypted"):
        TokenStore(sqlite_db, "freee", new_token_key()).load()


def test_missing_and_malformed_keys(sqlite_db: Database) -> None:
    with pytest.raises(UserFacingError, match="not set"):
        TokenStore(sqlite_db, "freee", None).save(StoredTokens("a", "r", None))
    with pytest.raises(UserFacingError, match="not a valid key"):
        TokenStore(sqlite_db, "freee", "short").check_key()


def test_expiry_has_a_safety_margin() -> None:
    now = datetime(2026, 11, 21, tzinfo=UTC)
    assert StoredTokens("a", "r", now + timedelta(seconds=30)).expired(now)
    assert not StoredTokens("a", "r", now + timedelta(minutes=5)).expired(now)
    assert not StoredTokens("a", "r", None).expired(now)
