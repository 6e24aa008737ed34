"""Building the configured connector, and finishing freee's authorization."""

from __future__ import annotations

import httpx

from core.errors import UserFacingError
from crm_store.db import Database
from erp import messages
from erp.adapters.csv_export import CsvErpConnector, load_mapping
from erp.adapters.freee import oauth
from erp.adapters.freee.client import FreeeClient
from erp.adapters.freee.connector import FreeeErpConnector
from erp.config import ErpConfig
from erp.ports import ErpConnector
from erp.tokens import StoredTokens, TokenStore


def build_connector(db: Database, config: ErpConfig) -> ErpConnector:
    if config.connector is None:
        raise UserFacingError(messages.NO_CONNECTOR)
    if config.connector == "csv":
        if config.csv_path is None or config.csv_mapping is None:
            raise UserFacingError(messages.CSV_SETTINGS_MISSING)
        return CsvErpConnector(config.csv_path, load_mapping(config.csv_mapping), name=config.csv_name)
    if config.connector == "freee":
        return FreeeErpConnector(
            freee_client(db, config), config.freee.api_base_url, config.freee.invoice_api_base_url
        )
    raise UserFacingError(messages.UNKNOWN_CONNECTOR, name=config.connector)


def freee_client(db: Database, config: ErpConfig) -> FreeeClient:
    if not config.freee.client_id or not config.freee.client_secret:
        raise UserFacingError(messages.FREEE_CLIENT_MISSING)
    return FreeeClient(
        config.freee,
        TokenStore(db, "freee", config.token_key),
        max_attempts=config.max_attempts,
        sleep=config.sleep,
    )


def complete_freee_authorization(db: Database, config: ErpConfig, code: str) -> str:
    """Exchange the authorization code, store the tokens encrypted and settle the company id."""
    store = TokenStore(db, "freee", config.token_key)
    store.check_key()  # fail on a missing key before spending the single-use code
    with httpx.Client(timeout=config.freee.timeout_s) as http:
        tokens = oauth.exchange_code(config.freee, http, code)
        store.save(tokens)
        client = FreeeClient(
            config.freee, store, max_attempts=config.max_attempts, sleep=config.sleep, http=http
        )
        body = client.get(f"{config.freee.api_base_url.rstrip('/')}/api/1/companies", {})
    companies = body.get("companies") if isinstance(body, dict) else None
    if not isinstance(companies, list):
        raise UserFacingError(messages.MALFORMED_RESPONSE, connector="freee", what="GET /api/1/companies")
    ids = {
        str(c.get("id")): str(c.get("display_name") or c.get("name") or c.get("id"))
        for c in companies
        if isinstance(c, dict)
    }
    wanted = str(config.freee.company_id) if config.freee.company_id else tokens.company_id
    if wanted:
        if wanted not in ids:
            raise UserFacingError(messages.WRONG_COMPANY, company_id=wanted, status=403)
        company = wanted
    elif len(ids) == 1:
        company = next(iter(ids))
    elif not ids:
        raise UserFacingError(messages.NO_COMPANY)
    else:
        raise UserFacingError(
            messages.CHOOSE_COMPANY, companies=", ".join(f"{k} ({v})" for k, v in sorted(ids.items()))
        )
    current = store.load() or tokens  # the client may have refreshed meanwhile
    store.save(StoredTokens(current.access_token, current.refresh_token, current.expires_at, company))
    return company
