"""freee's OAuth2 authorization-code flow (RFC 6749 §4.1) and refresh (§6)."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlencode

import httpx

from core.clock import utcnow
from core.errors import UserFacingError
from erp import messages
from erp.config import FreeeConfig
from erp.tokens import StoredTokens

log = logging.getLogger(__name__)


class TokenRefused(Exception):
    """The token endpoint refused a grant (RFC 6749 §5.2), e.g. ``invalid_grant``."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def authorization_url(config: FreeeConfig, state: str) -> str:
    """Where the admin opens a browser to let salesbot read freee."""
    if not config.client_id:
        raise UserFacingError(messages.FREEE_CLIENT_MISSING)
    query = urlencode(
        {
            "client_id": config.client_id,
            "redirect_uri": config.redirect_uri,
            "response_type": "code",
            "state": state,
            "prompt": "select_company",
        }
    )
    return f"{config.authorize_url}?{query}"


def request_tokens(
    config: FreeeConfig, http: httpx.Client, grant: dict[str, str], company_id: str | None = None
) -> StoredTokens:
    """POST a grant to the token endpoint; `TokenRefused` when freee says no."""
    if not config.client_id or not config.client_secret:
        raise UserFacingError(messages.FREEE_CLIENT_MISSING)
    form = {**grant, "client_id": config.client_id, "client_secret": config.client_secret}
    try:
        response = http.post(config.token_url, data=form, headers={"Accept": "application/json"})
    except httpx.TransportError:
        raise UserFacingError(
            messages.ERP_UNAVAILABLE, connector="freee", reason="token endpoint unreachable", attempts=1
        ) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code in (400, 401) and isinstance(body, dict):
        raise TokenRefused(str(body.get("error") or "invalid_request"))
    if (
        response.status_code != 200
        or not isinstance(body, dict)
        or not isinstance(body.get("access_token"), str)
    ):
        raise UserFacingError(
            messages.MALFORMED_RESPONSE, connector="freee", what=f"token endpoint HTTP {response.status_code}"
        )
    expires_in = body.get("expires_in")
    expires_at = utcnow() + timedelta(seconds=int(expires_in)) if isinstance(expires_in, int) else None
    company = body.get("company_id")
    return StoredTokens(
        access_token=body["access_token"],
        refresh_token=body.get("refresh_token") or grant.get("refresh_token"),
        expires_at=expires_at,
        company_id=str(company) if company else company_id,
    )


def exchange_code(config: FreeeConfig, http: httpx.Client, code: str) -> StoredTokens:
    try:
        return request_tokens(
            config,
            http,
            {"grant_type": "authorization_code", "code": code.strip(), "redirect_uri": config.redirect_uri},
        )
    except TokenRefused as refused:
        raise UserFacingError(messages.CODE_EXCHANGE_FAILED, reason=refused.error) from None


def refresh(config: FreeeConfig, http: httpx.Client, tokens: StoredTokens) -> StoredTokens:
    """New tokens for expired ones; `TOKEN_REVOKED` when the refresh token no longer works."""
    if not tokens.refresh_token:
        raise UserFacingError(messages.TOKEN_REVOKED, connector="freee")
    try:
        return request_tokens(
            config,
            http,
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token},
            company_id=tokens.company_id,
        )
    except TokenRefused as refused:
        log.warning("freee refused the refresh token: %s", refused.error)
        raise UserFacingError(messages.TOKEN_REVOKED, connector="freee") from None
