"""The ERP settings the erp package needs, built from `bot.settings.Settings` by `bot.wiring`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FREEE_API_BASE_URL = "https://api.freee.co.jp"
FREEE_INVOICE_API_BASE_URL = "https://api.freee.co.jp/iv"
FREEE_TOKEN_URL = "https://accounts.secure.freee.co.jp/public_api/token"
FREEE_AUTHORIZE_URL = "https://accounts.secure.freee.co.jp/public_api/authorize"
# The out-of-band redirect freee offers for apps without a web callback: the code is shown to the user.
FREEE_OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"


@dataclass(frozen=True)
class FreeeConfig:
    client_id: str | None = None
    client_secret: str | None = None
    company_id: int | None = None
    redirect_uri: str = FREEE_OOB_REDIRECT
    api_base_url: str = FREEE_API_BASE_URL
    invoice_api_base_url: str = FREEE_INVOICE_API_BASE_URL
    token_url: str = FREEE_TOKEN_URL
    authorize_url: str = FREEE_AUTHORIZE_URL
    timeout_s: float = 30.0


@dataclass(frozen=True)
class ErpConfig:
    connector: str | None = None  # "freee" | "csv" | None (not configured)
    token_key: str | None = None
    csv_path: Path | None = None
    csv_mapping: Path | None = None
    csv_name: str = "csv"
    lookback_days: int = 400
    max_attempts: int = 5
    admin_channel: str | None = None
    freee: FreeeConfig = FreeeConfig()
    # Injected so tests never really sleep between retries.
    sleep: Callable[[float], None] | None = None
