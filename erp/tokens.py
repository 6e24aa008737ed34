"""OAuth tokens at rest: Fernet-encrypted in `erp_credentials`, the key only in the settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken

from core.clock import utcnow
from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.ops_models import ErpCredential
from erp import messages

# Refresh a little before the ERP would refuse the token, so a request never races the expiry.
EXPIRY_MARGIN = timedelta(seconds=60)


@dataclass(frozen=True)
class StoredTokens:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    company_id: str | None = None

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and (now or utcnow()) + EXPIRY_MARGIN >= self.expires_at


def new_token_key() -> str:
    """A fresh key for SALESBOT_ERP_TOKEN_KEY."""
    return Fernet.generate_key().decode("ascii")


class TokenStore:
    """Loads and saves one connector's tokens; the database only ever sees ciphertext."""

    def __init__(self, db: Database, connector: str, key: str | None) -> None:
        self.db, self.connector, self._key = db, connector, key

    def _fernet(self) -> Fernet:
        if not self._key:
            raise UserFacingError(messages.TOKEN_KEY_MISSING)
        try:
            return Fernet(self._key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise UserFacingError(messages.TOKEN_KEY_INVALID) from None

    def check_key(self) -> None:
        """Fail early, with a clear message, when the encryption key is missing or malformed."""
        self._fernet()

    def load(self) -> StoredTokens | None:
        with self.db.session(actor=f"erp:{self.connector}") as session:
            row = session.get(ErpCredential, self.connector)
            if row is None:
                return None
            ciphertext, company_id, expires_at = row.encrypted_tokens, row.company_id, row.expires_at
        try:
            data = json.loads(self._fernet().decrypt(ciphertext))
        except InvalidToken:
            raise UserFacingError(messages.TOKEN_UNREADABLE, connector=self.connector) from None
        return StoredTokens(
            access_token=data["access_token"],
            refresh_token=data.get("refresh_token"),
            expires_at=expires_at,
            company_id=company_id,
        )

    def save(self, tokens: StoredTokens) -> None:
        """Store (or replace) the tokens; committed at once, since a rotated refresh token is single-use."""
        payload = json.dumps({"access_token": tokens.access_token, "refresh_token": tokens.refresh_token})
        ciphertext = self._fernet().encrypt(payload.encode("utf-8"))
        with self.db.session(actor=f"erp:{self.connector}") as session:
            row = session.get(ErpCredential, self.connector)
            if row is None:
                row = ErpCredential(connector=self.connector, encrypted_tokens=ciphertext)
                session.add(row)
            row.encrypted_tokens, row.company_id = ciphertext, tokens.company_id
            row.expires_at, row.updated_at = tokens.expires_at, utcnow()

    def delete(self) -> None:
        with self.db.session(actor=f"erp:{self.connector}") as session:
            row = session.get(ErpCredential, self.connector)
            if row is not None:
                session.delete(row)
