"""`FreeeClient`: authenticated GETs with token refresh, and retries with backoff on 429/5xx."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from core.errors import UserFacingError
from erp import messages
from erp.adapters.freee import oauth
from erp.config import FreeeConfig
from erp.tokens import StoredTokens, TokenStore

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF_S = 60.0


def backoff_seconds(attempt: int, retry_after: str | None, base: float = 1.0) -> float:
    """Retry-After when freee sends one (seconds), else exponential: 1, 2, 4, … capped at a minute."""
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after.strip()), MAX_BACKOFF_S)
    return min(base * 2 ** (attempt - 1), MAX_BACKOFF_S)


class FreeeClient:
    def __init__(
        self,
        config: FreeeConfig,
        tokens: TokenStore,
        *,
        max_attempts: int = 5,
        sleep: Callable[[float], None] | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.config, self.tokens = config, tokens
        self.max_attempts = max(1, max_attempts)
        self.sleep = sleep if sleep is not None else time.sleep
        self.http = http or httpx.Client(timeout=config.timeout_s)
        self._current: StoredTokens | None = None

    def close(self) -> None:
        self.http.close()

    def company_id(self) -> int:
        if self.config.company_id:
            return self.config.company_id
        stored = self._token().company_id
        if not stored or not stored.isdigit():
            raise UserFacingError(messages.NOT_AUTHORIZED, connector="freee")
        return int(stored)

    def _token(self) -> StoredTokens:
        if self._current is None:
            self._current = self.tokens.load()
            if self._current is None:
                raise UserFacingError(messages.NOT_AUTHORIZED, connector="freee")
        if self._current.expired():
            self._refresh()
        assert self._current is not None
        return self._current

    def _refresh(self) -> None:
        assert self._current is not None
        self._current = oauth.refresh(self.config, self.http, self._current)
        self.tokens.save(self._current)  # freee rotates refresh tokens: keep the new one at once
        log.info("freee access token refreshed")

    def get(self, url: str, params: dict[str, Any]) -> Any:
        """The decoded JSON of a GET; a `UserFacingError` for everything an admin must know."""
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            headers = {"Authorization": f"Bearer {self._token().access_token}", "Accept": "application/json"}
            try:
                response = self.http.get(url, params=params, headers=headers)
            except httpx.TransportError as error:
                reason = type(error).__name__
                if attempt >= self.max_attempts:
                    raise UserFacingError(
                        messages.ERP_UNAVAILABLE, connector="freee", reason=reason, attempts=attempt
                    ) from None
                self._wait(attempt, None, reason)
                continue
            status = response.status_code
            if status == 401 and not refreshed:
                refreshed = True
                attempt -= 1  # a refresh is not a failed attempt
                self._refresh()
                continue
            if status == 401:
                raise UserFacingError(messages.TOKEN_REVOKED, connector="freee")
            if status in RETRY_STATUSES:
                if attempt >= self.max_attempts:
                    raise UserFacingError(
                        messages.ERP_UNAVAILABLE, connector="freee", reason=f"HTTP {status}", attempts=attempt
                    )
                self._wait(attempt, response.headers.get("Retry-After"), f"HTTP {status}")
                continue
            if status in (403, 404) and "company_id" in params:
                raise UserFacingError(messages.WRONG_COMPANY, company_id=params["company_id"], status=status)
            if status != 200:
                raise UserFacingError(
                    messages.REQUEST_REJECTED,
                    connector="freee",
                    status=status,
                    detail=_error_detail(response),
                )
            try:
                return response.json()
            except ValueError:
                raise UserFacingError(
                    messages.MALFORMED_RESPONSE,
                    connector="freee",
                    what=f"{response.request.url.path} is not JSON",
                ) from None

    def _wait(self, attempt: int, retry_after: str | None, reason: str) -> None:
        delay = backoff_seconds(attempt, retry_after)
        log.warning("freee: %s, retry %d/%d in %.1fs", reason, attempt, self.max_attempts - 1, delay)
        self.sleep(delay)


def _error_detail(response: httpx.Response) -> str:
    """freee's own error messages (``errors[].messages``), short; never our tokens or URLs."""
    try:
        body = response.json()
        found = [m for e in body.get("errors", []) for m in e.get("messages", []) if isinstance(m, str)]
    except (ValueError, AttributeError, TypeError):
        found = []
    return "; ".join(found)[:300] or response.reason_phrase
