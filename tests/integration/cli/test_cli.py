"""The `salesbot` command line as a user runs it: real files, a real data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    for name in ("SALESBOT_DATABASE_URL", "SALESBOT_DATA_DIR", "SALESBOT_LANGUAGE", "SALESBOT_DEBUG", "SALESBOT_LLM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    data_dir = tmp_path / "data"

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], input=input, catch_exceptions=False)

    return invoke


def test_import_reports_the_bad_line_imports_the_rest_and_exits_1(run, tmp_path: Path) -> None:
    csv = tmp_path / "customers.csv"
    csv.write_bytes("顧客名,取引先コード\n株式会社山田製作所,C1\n,C2\n北斗電子(株),\n".encode("cp932"))
    result = run("import", "customers", str(csv))
    assert result.exit_code == 1
    assert "3 rows — 2 created" in result.output and "line 3" in result.output

    listed = run("customers", "--json")
    assert listed.exit_code == 0
    assert [c["name"] for c in json.loads(listed.output)] == ["北斗電子(株)", "株式会社山田製作所"]


def test_json_import_report_is_machine_readable(run, tmp_path: Path) -> None:
    csv = tmp_path / "users.csv"
    csv.write_text("name,role\n鈴木 一郎,rep\n", encoding="utf-8")
    result = run("import", "users", str(csv), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["created"] == 1


def test_errors_are_one_line_with_a_reason_and_non_zero_exit(run, tmp_path: Path) -> None:
    result = run("import", "deals", str(tmp_path / "missing.csv"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: File not found: {tmp_path / 'missing.csv'}"]


def test_japanese_locale_gets_japanese_messages(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    result = run("customer", "存在しない会社")
    assert result.exit_code == 1
    assert "該当する顧客はいません" in result.output


def test_unexpected_errors_show_a_reference_and_log_the_traceback(run, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_store.service import CrmService

    def broken(self, query=None, *, asker):
        raise RuntimeError("database exploded: secret-token-123")

    monkeypatch.setattr(CrmService, "customers", broken)
    result = run("customers")
    assert result.exit_code == 2
    assert "ref " in result.output and "secret-token-123" not in result.output
    log = (tmp_path / "data" / "logs" / "salesbot.log").read_text(encoding="utf-8")
    ref = result.output.split("ref ")[1].split(")")[0]
    assert ref in log and "RuntimeError: database exploded" in log


def test_ask_answers_customer_questions_as_json(run, tmp_path: Path) -> None:
    csv = tmp_path / "deals.csv"
    csv.write_text("deal_name,customer_name,stage,amount\nMC更新,山田製作所,見積,1200000\n", encoding="utf-8")
    run("import", "deals", str(csv))
    result = run("ask", "--json", "山田製作所の案件は?")
    answer = json.loads(result.output)
    assert answer["kind"] == "crm" and answer["language"] == "ja"
    assert "MC更新" in answer["answer"] and "1,200,000円" in answer["answer"]


def test_ask_never_invents_an_answer_it_has_no_data_for(run) -> None:
    # No answerer is sure; the knowledge base (the catch-all) has no source, so it says so.
    answer = json.loads(run("ask", "--json", "what's the weather like?").output)
    assert answer["kind"] in ("unknown", "knowledge")
    assert not answer.get("citations") and not answer.get("data")


def test_demo_tour_runs_without_a_terminal_and_reruns_on_a_fresh_directory(run, tmp_path: Path) -> None:
    first = run("demo", "--tour")
    assert first.exit_code == 0, first.output
    assert "customers 22" in first.output and "> 顧客一覧" in first.output
    assert "70,000,000円" in first.output  # 見積の案件: the six quote-stage deals
    second = run("demo", "--tour")
    assert second.exit_code == 0 and "customers 22" in second.output  # wiped and reloaded, not doubled


def test_demo_refuses_a_directory_it_did_not_make(run, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "precious.txt").write_text("keep me")
    result = run("demo", "--tour")
    assert result.exit_code == 1 and "not made by `salesbot demo`" in result.output
    assert (tmp_path / "data" / "precious.txt").exists()


def test_interactive_demo_answers_and_quits(run) -> None:
    result = run("demo", "--interactive", input="help\ndeals in quote\nquit\nnever reached\n")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "6 deals in Quote" in result.output
