"""The freee connector against a local freee validated with freee's published OpenAPI specs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import select

from core.errors import UserFacingError
from crm_store.db import Database
from crm_store.models import Customer, Invoice
from crm_store.names import normalize_customer_name
from crm_store.ops_models import ErpCredential, ErpSyncRun
from erp.config import ErpConfig, FreeeConfig
from erp.service import ErpService
from erp.tokens import new_token_key

from erp_fakes import RecordingNotifier
from fake_freee_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeFreee,
    FreeeData,
    company,
    deal,
    freee_invoice,
    load_specs,
    partner,
)
from tests.conftest import SHARED_DIR

# openapi-core checks no oauth2 security; the fake checks the bearer token itself.
pytestmark = pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning")

TODAY = date(2026, 11, 20)
SPECS = SHARED_DIR / "specs" / "freee"


@pytest.fixture(scope="session")
def freee_specs():  # noqa: ANN201
    if not (SPECS / "accounting-api-schema.json").is_file():
        pytest.skip(f"freee's API specs are not available at {SPECS} (../shared is absent)")
    return load_specs(SHARED_DIR)


def _data() -> FreeeData:
    yamada, sankyo, unknown = (
        partner(1, "山田製作所", "C0001"),
        partner(2, "三協金型株式会社", None),
        partner(3, "未登録商事", "X9"),
    )
    return FreeeData(
        companies=[company(1001, "テスト機械株式会社")],
        partners=[yamada, sankyo, unknown],
        invoices=[
            freee_invoice(101, yamada, total=1_100_000, billing="2026-09-30", due="2026-10-31", deal_id=201),
            freee_invoice(102, sankyo, total=550_000, billing="2026-10-15", due="2026-11-30", deal_id=202),
            freee_invoice(103, unknown, total=330_000, billing="2026-10-20", due="2026-11-10", deal_id=None),
            freee_invoice(
                104, yamada, total=99_000, billing="2026-10-20", due="2026-11-10", deal_id=None, canceled=True
            ),
        ],
        deals=[
            deal(
                201,
                yamada,
                amount=1_100_000,
                due_amount=600_000,
                issue="2026-09-30",
                due="2026-10-31",
                payments=[("2026-10-30", 500_000)],
            ),
            deal(
                202,
                sankyo,
                amount=550_000,
                due_amount=0,
                issue="2026-10-15",
                due="2026-11-30",
                payments=[("2026-11-05", 550_000)],
            ),
        ],
    )


@pytest.fixture
def fake_freee(freee_specs) -> Iterator[FakeFreee]:  # noqa: ANN001
    with FakeFreee(freee_specs, _data()) as server:
        yield server
    assert server.violations == [], "requests or responses that break freee's spec"


@pytest.fixture
def crm(db: Database) -> Database:
    with db.session(actor="test") as session:
        for name, code in (("株式会社山田製作所", "C0001"), ("三協金型(株)", None)):
            session.add(Customer(name=name, normalized_name=normalize_customer_name(name), erp_code=code))
    return db


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _config(server: FakeFreee, sleeps: Sleeps, **freee: object) -> ErpConfig:
    base = server.base_url
    settings = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "api_base_url": base,
        "invoice_api_base_url": f"{base}/iv",
        "token_url": f"{base}/public_api/token",
        "authorize_url": f"{base}/public_api/authorize",
        **freee,
    }
    return ErpConfig(
        connector="freee",
        token_key=new_token_key(),
        max_attempts=3,
        sleep=sleeps,
        admin_channel="C-ADMIN",
        freee=FreeeConfig(**settings),
    )


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def erp(crm: Database, fake_freee: FakeFreee, sleeps: Sleeps) -> ErpService:
    service = ErpService(crm, _config(fake_freee, sleeps), notifier=RecordingNotifier(), language="en")
    assert service.complete_authorization(fake_freee.issue_code()) == "1001"
    return service


def _invoices(db: Database) -> dict[str, Invoice]:
    with db.session(actor="test") as session:
        return {i.number: i for i in session.exec(select(Invoice))}


def test_authorize_then_sync_invoices_with_payments_from_deals(
    erp: ErpService, crm: Database, fake_freee: FakeFreee
) -> None:
    result = erp.sync(today=TODAY)

    assert result.ok, result.summary("en")
    stored = _invoices(crm)
    assert set(stored) == {"INV-00101", "INV-00102", "INV-00103"}  # the canceled one is not kept
    partly = stored["INV-00101"]
    assert (partly.erp_source, partly.erp_id, partly.status) == ("freee", "101", "partially_paid")
    assert (partly.paid, partly.paid_on, partly.due_date) == (
        Decimal(500_000),
        date(2026, 10, 30),
        date(2026, 10, 31),
    )
    assert stored["INV-00102"].status == "paid" and stored["INV-00102"].customer_id is not None  # name match
    assert stored["INV-00103"].customer_id is None and erp.unmatched()[0].partner_name == "未登録商事"
    # freee's required parameters and enums were sent (the fake validated them against the specs).
    assert fake_freee.api_calls("/api/1/deals")[0]["type"] == "income"
    assert all(q["company_id"] == "1001" for q in fake_freee.api_calls("/iv/invoices"))


def test_tokens_are_encrypted_at_rest(erp: ErpService, crm: Database, fake_freee: FakeFreee) -> None:
    with crm.session(actor="test") as session:
        row = session.get(ErpCredential, "freee")
    assert row is not None and row.company_id == "1001" and row.expires_at is not None
    for token in fake_freee.access_tokens | fake_freee.refresh_tokens:
        assert token.encode() not in row.encrypted_tokens
    other_key = ErpService(
        crm, ErpConfig(connector="freee", token_key=new_token_key(), freee=erp.config.freee)
    )
    result = other_key.sync(today=TODAY)
    assert not result.ok and "cannot be decrypted" in result.summary("en")


def test_an_expired_access_token_is_refreshed_and_the_new_one_kept(
    erp: ErpService, crm: Database, fake_freee: FakeFreee
) -> None:
    fake_freee.expire_access_tokens()
    assert erp.sync(today=TODAY).ok
    fake_freee.expire_access_tokens()  # the rotated refresh token was stored: refreshing works again
    assert erp.sync(today=TODAY).ok


def test_a_token_about_to_expire_is_refreshed_before_use(
    crm: Database, fake_freee: FakeFreee, sleeps: Sleeps
) -> None:
    fake_freee.token_lifetime_s = 30  # inside the refresh margin: every stored token counts as expired
    service = ErpService(crm, _config(fake_freee, sleeps))
    service.complete_authorization(fake_freee.issue_code())
    fake_freee.grants.clear()
    assert service.sync(today=TODAY).ok
    assert fake_freee.grants and set(fake_freee.grants) == {"refresh_token"}


def test_a_revoked_authorization_fails_clearly_and_keeps_the_data(
    erp: ErpService, crm: Database, fake_freee: FakeFreee
) -> None:
    assert erp.sync(today=TODAY).ok
    fake_freee.revoke_all()
    result = erp.sync(today=TODAY)
    assert not result.ok and "salesbot erp authorize" in result.summary("en")
    assert len(_invoices(crm)) == 3
    channel, text = erp.notifier.posts[-1]
    assert channel == "C-ADMIN" and "authorize" in text


def test_retries_with_backoff_then_catches_up(
    erp: ErpService, crm: Database, fake_freee: FakeFreee, sleeps: Sleeps
) -> None:
    fake_freee.faults.extend([503, 429])
    assert erp.sync(today=TODAY).ok
    assert sleeps == [1.0, 2.0]  # exponential, then freee's Retry-After

    fake_freee.data.deals[0].update(due_amount=0, status="settled")
    fake_freee.faults.extend([503] * 3)  # down for longer than the retries
    down = erp.sync(today=TODAY)
    assert not down.ok and "HTTP 503" in down.summary("en") and "3 attempts" in down.summary("en")
    assert _invoices(crm)["INV-00101"].status == "partially_paid"  # last good data

    assert erp.sync(today=TODAY).ok
    assert _invoices(crm)["INV-00101"].status == "paid"


def test_a_malformed_response_writes_nothing(erp: ErpService, crm: Database, fake_freee: FakeFreee) -> None:
    fake_freee.broken_body = {"partners": [{"id": 1, "code": "C0001"}]}  # a partner without a name
    result = erp.sync(today=TODAY)
    assert not result.ok and "partners" in result.summary("en") and "name" in result.summary("en")
    assert _invoices(crm) == {}


def test_a_truncated_response_writes_nothing(erp: ErpService, crm: Database, fake_freee: FakeFreee) -> None:
    fake_freee.broken_body = b'{"partners": [{"id": 1, "code": "C0'
    result = erp.sync(today=TODAY)
    assert not result.ok and "not JSON" in result.summary("en")
    assert _invoices(crm) == {}


def test_a_wrong_company_id_is_named(crm: Database, fake_freee: FakeFreee, sleeps: Sleeps) -> None:
    service = ErpService(crm, _config(fake_freee, sleeps, company_id=999))
    with pytest.raises(UserFacingError, match="999"):
        service.complete_authorization(fake_freee.issue_code())
    result = service.sync(today=TODAY)  # tokens were stored; the company is still wrong
    assert not result.ok and "company id 999" in result.summary("en")
    with crm.session(actor="test") as session:
        assert session.exec(select(ErpSyncRun.status)).all() == ["failed"]


def test_several_companies_ask_which_one(crm: Database, fake_freee: FakeFreee, sleeps: Sleeps) -> None:
    fake_freee.data.companies.append(company(1002, "別会社"))
    with pytest.raises(UserFacingError) as error:
        ErpService(crm, _config(fake_freee, sleeps)).complete_authorization(fake_freee.issue_code())
    assert "1001" in error.value.message("en") and "SALESBOT_FREEE_COMPANY_ID" in error.value.message("en")


def test_a_used_code_and_a_missing_key_are_refused(
    crm: Database, fake_freee: FakeFreee, sleeps: Sleeps
) -> None:
    service = ErpService(crm, _config(fake_freee, sleeps))
    code = fake_freee.issue_code()
    service.complete_authorization(code)
    with pytest.raises(UserFacingError, match="invalid_grant"):
        service.complete_authorization(code)
    keyless = ErpConfig(connector="freee", freee=service.config.freee)
    with pytest.raises(UserFacingError, match="SALESBOT_ERP_TOKEN_KEY"):
        ErpService(crm, keyless).complete_authorization(fake_freee.issue_code())


def test_authorization_url_names_the_client_and_redirect(
    crm: Database, fake_freee: FakeFreee, sleeps: Sleeps
) -> None:
    url, state = ErpService(crm, _config(fake_freee, sleeps)).authorization_url()
    query = parse_qs(urlparse(url).query)
    assert url.startswith(f"{fake_freee.base_url}/public_api/authorize?")
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["state"] == [state] and query["redirect_uri"] == ["urn:ietf:wg:oauth:2.0:oob"]


def test_pages_through_everything_and_incremental_sync_fetches_older_deals(
    erp: ErpService, crm: Database, fake_freee: FakeFreee
) -> None:
    yamada = fake_freee.data.partners[0]
    fake_freee.data.invoices += [
        freee_invoice(
            1000 + n,
            yamada,
            total=1000,
            billing="2026-08-01",
            due="2026-08-31",
            deal_id=None,
            payment_status="settled",
        )
        for n in range(230)
    ]
    first = erp.sync(today=TODAY)
    assert first.ok and first.counts["created"] == 233
    assert [q["offset"] for q in fake_freee.api_calls("/iv/invoices")] == ["0", "100", "200"]

    fake_freee.requests.clear()
    fake_freee.data.deals[1]["issue_date"] = "2026-09-01"  # deal 202 predates its invoice and the window
    second = erp.sync(today=date(2027, 11, 10))  # 400-day window from 2026-10-06
    assert fake_freee.api_calls("/iv/invoices")[0]["start_billing_date"] == "2026-10-06"
    assert fake_freee.api_calls("/api/1/deals")[0]["start_issue_date"] == "2026-10-06"
    assert second.ok and second.counts["invoices"] == 3  # 102, 103 and the canceled 104
    assert fake_freee.api_calls("/api/1/deals/202") == [{"company_id": "1001"}]
    assert _invoices(crm)["INV-00102"].status == "paid"


def test_the_fake_rejects_requests_that_break_the_spec(freee_specs) -> None:  # noqa: ANN001
    import httpx

    with FakeFreee(freee_specs, _data()) as server:
        server.access_tokens.add("t")
        headers = {"Authorization": "Bearer t"}
        bad_limit = httpx.get(
            f"{server.base_url}/iv/invoices", params={"company_id": 1001, "limit": 500}, headers=headers
        )
        no_company = httpx.get(f"{server.base_url}/api/1/deals", params={"type": "income"}, headers=headers)
        bad_enum = httpx.get(
            f"{server.base_url}/api/1/deals", params={"company_id": 1001, "type": "sales"}, headers=headers
        )
        good = httpx.get(
            f"{server.base_url}/api/1/deals", params={"company_id": 1001, "type": "income"}, headers=headers
        )
    assert [r.status_code for r in (bad_limit, no_company, bad_enum, good)] == [400, 400, 400, 200]
    assert len(server.violations) == 3


def test_the_cli_authorizes_and_syncs_through_the_settings(
    fake_freee: FakeFreee, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from bot.cli.main import cli

    monkeypatch.chdir(tmp_path)
    base = fake_freee.base_url
    env = {
        "SALESBOT_ERP_CONNECTOR": "freee",
        "SALESBOT_ERP_TOKEN_KEY": new_token_key(),
        "SALESBOT_FREEE_CLIENT_ID": CLIENT_ID,
        "SALESBOT_FREEE_CLIENT_SECRET": CLIENT_SECRET,
        "SALESBOT_FREEE_API_BASE_URL": base,
        "SALESBOT_FREEE_INVOICE_API_BASE_URL": f"{base}/iv",
        "SALESBOT_FREEE_TOKEN_URL": f"{base}/public_api/token",
        "SALESBOT_DATABASE_URL": "",
        "SALESBOT_LANGUAGE": "en",
    }

    def run(*args: str):  # noqa: ANN202
        return CliRunner().invoke(
            cli, [*args, "--data-dir", str(tmp_path / "data")], env=env, catch_exceptions=False
        )

    authorized = run("erp", "authorize", "--code", fake_freee.issue_code(), "--json")
    assert authorized.exit_code == 0 and json.loads(authorized.output)["company_id"] == "1001"
    synced = run("erp", "sync", "--json")
    assert synced.exit_code == 0 and json.loads(synced.output)["counts"]["created"] == 3
    status = run("erp", "status")
    assert "authorized: yes" in status.output and "review list: 3 unmatched" in status.output
