"""`salesbot ask` for pipeline and invoice questions: JSON contract, --today, --as, --chart, routing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.demo.dataset import DATA_DIR

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli") / "data"
    for kind in ("users", "customers", "deals", "activities", "invoices"):
        result = CliRunner().invoke(
            cli, ["import", kind, str(DATA_DIR / f"{kind}.csv"), "--data-dir", str(directory)]
        )
        assert result.exit_code == 0, result.output
    return directory


@pytest.fixture
def ask(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    for name in (
        "SALESBOT_DATABASE_URL",
        "SALESBOT_DATA_DIR",
        "SALESBOT_LANGUAGE",
        "SALESBOT_LLM",
        "SALESBOT_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["ask", *args, "--today", "2026-11-20", "--data-dir", str(data_dir)])

    return invoke


def test_json_contract(ask):
    result = ask("見積段階の案件はいくら?", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["kind"] == "pipeline"
    assert payload["data"]["total"] == 70_000_000
    assert len(payload["data"]["rows"]) == 6
    assert payload["interpretation"].startswith("条件: 見積")
    assert "7,000万円" in payload["answer"]


def test_invoice_json(ask):
    payload = json.loads(ask("how much is overdue?", "--json").output)
    assert (payload["kind"], payload["data"]["total"]) == ("invoice", 11_495_000)


def test_today_changes_the_answer(ask, data_dir):
    later = CliRunner().invoke(
        cli, ["ask", "how much is overdue?", "--json", "--today", "2026-12-01", "--data-dir", str(data_dir)]
    )
    # By 12-01 the invoices due 11-24..11-30 that are unpaid are overdue too.
    assert json.loads(later.output)["data"]["total"] > 11_495_000


def test_chart_written_for_grouped_answers(ask, tmp_path):
    chart = tmp_path / "chart.png"
    result = ask("担当者別の見込み額", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert chart.read_bytes().startswith(PNG_MAGIC)
    assert "鈴木 一郎" in result.output and "(条件:" in result.output


def test_as_a_rep(ask):
    mine = json.loads(ask("進行中の案件の合計は?", "--as", "鈴木", "--json").output)
    assert mine["data"]["total"] == 163_780_000
    refused = json.loads(ask("佐藤さんの案件の合計は?", "--as", "鈴木", "--json").output)
    assert "data" not in refused and "ご自身の案件" in refused["answer"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("顧客一覧", "crm"),  # the CRM look-up keeps its listing questions
        ("見積の案件", "crm"),
        ("山田製作所", "crm"),
        ("山田製作所の案件の合計は?", "pipeline"),  # a metric beats a mere customer mention
        ("三協金型の未回収はいくら?", "invoice"),
        ("鈴木さんの進行中の案件は?", "pipeline"),
    ],
)
def test_routing_against_the_crm_lookup(ask, question, kind):
    assert json.loads(ask(question, "--json").output)["kind"] == kind


def test_fiscal_year_start_month_comes_from_settings(ask, monkeypatch):
    monkeypatch.setenv("SALESBOT_FISCAL_YEAR_START_MONTH", "1")
    payload = json.loads(ask("今期の案件の合計は?", "--json").output)
    assert "2026-01-01〜2026-12-31" in payload["interpretation"]
    monkeypatch.setenv("SALESBOT_FISCAL_YEAR_START_MONTH", "4")
    payload = json.loads(ask("今期の案件の合計は?", "--json").output)
    assert "2026-04-01〜2027-03-31" in payload["interpretation"]
