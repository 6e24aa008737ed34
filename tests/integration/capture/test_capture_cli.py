"""`salesbot extract / transcribe / ocr` and the console demo's capture, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.demo.dataset import DATA_DIR
from tests.integration.capture.capture_media import offline_whisper_model, render_note, require_binary


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    for name in ("SALESBOT_DATABASE_URL", "SALESBOT_DATA_DIR", "SALESBOT_LANGUAGE", "SALESBOT_DEBUG", "SALESBOT_LLM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("SALESBOT_GLOSSARY_PATH", str(DATA_DIR / "glossary.yaml"))
    if (model := offline_whisper_model()) is not None:
        monkeypatch.setenv("SALESBOT_WHISPER_MODEL", model)
    data_dir = tmp_path / "data"

    def invoke(*args: str, input: str | bytes | None = None):
        return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], input=input, catch_exceptions=False)

    run_customers = invoke("import", "customers", str(DATA_DIR / "customers.csv"))
    assert run_customers.exit_code == 0, run_customers.output
    return invoke


def test_extract_json_shape_from_stdin(run) -> None:
    memo = "昨日、山田製作所の木村部長と打合せ。見積350万円を提示。大和も提案中。来週金曜までに回答する。"
    result = run("extract", "--date", "2026-11-20", "--json", "-", input=memo.encode())
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["customer"] == {"name": "山田製作所", "id": 1, "match": "matched", "candidates": [],
                                "method": "name", "heard": None, "matched_name": "株式会社山田製作所"}
    assert data["contacts"] == [{"name": "木村", "title": "部長", "id": None}]  # not in the CRM yet
    assert (data["activity_type"], data["occurred_on"]) == ("meeting", "2026-11-19")
    assert data["deal"] == {"id": None, "name": None, "amount": "3500000", "currency": "JPY", "stage": "quote"}
    assert data["next_actions"] == [{"description": "来週金曜までに回答する", "due": "2026-11-27"}]
    assert data["competitors"] == ["大和マシナリー"]
    assert data["fields"]["deal.amount"]["source"]["text"] == "350万円"
    assert 0 < data["fields"]["customer"]["confidence"] <= 1


def test_extract_routes_a_photo_by_content(run, tmp_path: Path) -> None:
    require_binary("tesseract")
    photo = render_note(["三協金型 訪問", "見積 1,980万円"], tmp_path / "memo.txt")  # a PNG named .txt
    result = run("extract", "--json", str(photo))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "photo" and data["customer"]["match"] == "matched"
    assert data["deal"]["amount"] == "19800000"


def test_bad_input_is_one_translated_line(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = run("extract", str(empty))
    assert result.exit_code == 1 and result.output.strip() == "error: The memo is empty."

    pdf = tmp_path / "memo.m4a"
    pdf.write_bytes(b"%PDF-1.7 not audio")
    result = run("transcribe", str(pdf))
    assert result.exit_code == 1 and "not supported (pdf)" in result.output


@pytest.mark.slow
def test_transcribe_command(run, tmp_path: Path, jfk_m4a: Path) -> None:
    result = run("transcribe", "--json", str(jfk_m4a))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["language"] == "en"
    assert "fellow americans" in json.loads(result.output)["text"].lower()


def test_ocr_command_keeps_line_confidence(run, tmp_path: Path) -> None:
    require_binary("tesseract")
    photo = render_note(["山田製作所 訪問", "見積 350万円"], tmp_path / "note.jpg")
    result = run("ocr", "--json", str(photo))
    assert result.exit_code == 0, result.output
    lines = json.loads(result.output)["lines"]
    assert len(lines) == 2 and "山田製作所" in lines[0]["text"].replace(" ", "")
    assert all(0 < line["confidence"] <= 1 for line in lines)


def test_demo_console_drafts_a_typed_memo(demo_services) -> None:
    from bot.demo.console import TOUR, Console

    output: list[str] = []
    # 佐藤 (U0DEMO004) owns 三協金型: he sees its overdue invoices (another rep would not, issue 12).
    console = Console(demo_services, demo_services.asker_for("U0DEMO004"), "ja", output.append)
    memo = next(line for line in TOUR if line.startswith("メモ:"))
    assert console.handle(memo)
    card = "\n".join(output)
    assert "三協金型(株)" in card and "19,800,000円" in card and "見積" in card
    assert "期限超過" in card  # the upsell warning from the demo invoices
    output.clear()
    console.handle("memo: ")
    assert output == ["! The memo is empty."]


def test_demo_console_takes_a_photo_path(demo_services, tmp_path: Path) -> None:
    from bot.demo.console import Console

    require_binary("tesseract")
    photo = render_note(["北斗電子工業 訪問", "検査カメラ 見積 640万円"], tmp_path / "note.png")
    output: list[str] = []
    console = Console(demo_services, demo_services.asker_for("U0DEMO003"), "en", output.append)
    assert console.handle(str(photo))
    assert "北斗電子工業株式会社" in output[0] and "¥6,400,000" in output[0]
