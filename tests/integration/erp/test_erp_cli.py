"""`salesbot erp …` and `salesbot invoices` as an admin runs them: real files, a real data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.demo.dataset import DATA_DIR
from tests.integration.erp.erp_fakes import csv_export_env



@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    for name in (
        "SALESBOT_DATABASE_URL",
        "SALESBOT_DATA_DIR",
        "SALESBOT_LANGUAGE",
        "SALESBOT_DEBUG",
        "SALESBOT_LLM",
        "SALESBOT_ERP_CONNECTOR",
        "SALESBOT_ERP_TOKEN_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    data_dir = tmp_path / "data"

    def invoke(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], env=env, catch_exceptions=False)

    for kind in ("users", "customers"):
        assert invoke("import", kind, str(DATA_DIR / f"{kind}.csv")).exit_code == 0
    return invoke


def _csv_env(tmp_path: Path, rows: str) -> dict[str, str]:
    return {**csv_export_env(tmp_path, rows), "SALESBOT_ERP_CSV_NAME": "yayoi"}


def test_sync_review_link_status_and_invoices(run, tmp_path: Path) -> None:
    env = _csv_env(
        tmp_path, 'Y-1,山田製作所,C0001,2026-10-31,"1,100,000",0\nY-2,新規顧客商事,,2026-11-30,220000,0\n'
    )
    synced = run("erp", "sync", "--json", env=env)
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.output)["counts"]["created"] == 2

    unmatched = json.loads(run("erp", "unmatched", "--json", env=env).output)
    assert [(u["partner_name"], u["connector"]) for u in unmatched] == [("新規顧客商事", "yayoi")]
    linked = run("erp", "link", str(unmatched[0]["id"]), "北斗電子工業株式会社", env=env)
    assert linked.exit_code == 0 and "1 invoice(s)" in linked.output

    shown = run("invoices", "山田製作所", "--today", "2026-11-20", "--json", env=env)
    view = json.loads(shown.output)
    assert view["customer"]["name"] == "株式会社山田製作所"
    assert [(i["number"], i["overdue"], i["outstanding"]) for i in view["invoices"]] == [
        ("Y-1", True, "1100000.00")
    ]
    human = run("invoices", "山田製作所", "--today", "2026-11-20", env=env).output
    assert "¥1,100,000" in human and "OVERDUE" in human

    status = run("erp", "status", env=env)
    assert status.exit_code == 0 and "ok" in status.output and "created=2" in status.output


def test_invoices_without_a_customer_lists_overdue_and_due_soon(run, tmp_path: Path) -> None:
    run("import", "invoices", str(DATA_DIR / "invoices.csv"))
    result = run("invoices", "--today", "2026-11-20", "--json")
    payload = json.loads(result.output)
    assert len(payload["overdue"]) == 6 and len(payload["due_soon"]) == 4


def test_a_failing_sync_exits_1_with_the_reason(run, tmp_path: Path) -> None:
    env = _csv_env(tmp_path, "Y-1,山田製作所,C0001,来週,100,0\n")
    result = run("erp", "sync", env=env)
    assert result.exit_code == 1 and "line 2" in result.output and "来週" in result.output
    assert "failed" in run("erp", "status", env=env).output


def test_unknown_customer_and_missing_configuration_are_one_line_errors(run) -> None:
    unknown = run("invoices", "山田精作所")
    assert unknown.exit_code == 1 and "Did you mean" in unknown.output
    unconfigured = run("erp", "sync")
    assert unconfigured.exit_code == 1 and "SALESBOT_ERP_CONNECTOR" in unconfigured.output
    keyless = run(
        "erp",
        "authorize",
        "--code",
        "x",
        env={
            "SALESBOT_ERP_CONNECTOR": "freee",
            "SALESBOT_FREEE_CLIENT_ID": "a",
            "SALESBOT_FREEE_CLIENT_SECRET": "b",
        },
    )
    assert keyless.exit_code == 1 and "SALESBOT_ERP_TOKEN_KEY" in keyless.output


def test_new_key_prints_a_usable_key(run) -> None:
    from cryptography.fernet import Fernet

    key = run("erp", "new-key").output.strip()
    Fernet(key.encode())
