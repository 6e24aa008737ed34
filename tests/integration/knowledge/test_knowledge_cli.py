"""`salesbot kb ...`, `salesbot ask --json` and the console demo, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.demo.dataset import DATA_DIR
from core.questions import Asker

pytestmark = pytest.mark.slow


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    for name in ("SALESBOT_DATABASE_URL", "SALESBOT_DATA_DIR", "SALESBOT_LANGUAGE", "SALESBOT_DEBUG", "SALESBOT_LLM",
                 "SALESBOT_CHROMA_URL", "SALESBOT_KNOWLEDGE_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("SALESBOT_GLOSSARY_PATH", str(DATA_DIR / "glossary.yaml"))
    data_dir = tmp_path / "data"

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], catch_exceptions=False)

    return invoke


def test_ingest_list_ask_remove(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA_DIR / "knowledge" / "quote-approval-flow.md", docs)
    (docs / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    ingested = run("kb", "ingest", str(docs))
    assert ingested.exit_code == 0, ingested.output
    assert "added: 見積書の承認フロー" in ingested.output and "scan.pdf could not be read as PDF" in ingested.output

    listed = run("kb", "list", "--json")
    assert [d["title"] for d in json.loads(listed.output)] == ["見積書の承認フロー"]

    asked = run("ask", "--json", "見積書の承認フローを教えてください")
    payload = json.loads(asked.output)
    assert payload["kind"] == "knowledge"
    assert payload["citations"][0]["source"] == str((docs / "quote-approval-flow.md").resolve())
    assert set(payload["citations"][0]) == {"source", "title", "snippet", "score"}

    source = str(docs / "quote-approval-flow.md")
    assert run("kb", "remove", source).exit_code == 0
    again = run("kb", "remove", source)
    assert again.exit_code == 1 and "is not in the knowledge base" in again.output
    assert "empty" in run("kb", "list").output


def test_bad_visibility_is_a_one_line_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("kb", "ingest", str(tmp_path), "--visibility", "secret")
    assert result.exit_code == 1 and "is not a visibility" in result.output


def test_demo_tour_answers_know_how_questions(run) -> None:  # type: ignore[no-untyped-def]
    result = run("demo", "--tour")
    assert result.exit_code == 0, result.output
    assert "Knowledge base: 18 added" in result.output
    assert "お客様から値引きを求められたときは" in result.output
    assert "14 days" in result.output and "en-demo-unit-lending.md" in result.output


def test_a_running_bot_sees_documents_another_process_ingested(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`salesbot serve` keeps its index in memory; `salesbot kb ingest` in another process must not
    leave it answering from the old one (lexical and vector search alike)."""
    import os
    import subprocess
    import sys

    from bot.settings import Settings
    from bot.wiring import build_services

    monkeypatch.chdir(tmp_path)
    data_dir = tmp_path / "data"
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("# Demo units\nA demo unit may be lent for at most 14 days.\n", encoding="utf-8")
    second.write_text("# Trade shows\nFollow up every trade show lead within three business days.\n",
                      encoding="utf-8")
    services = build_services(Settings(_env_file=None, data_dir=data_dir, database_url=None, chroma_url=None,
                                       llm=None, language="en"))
    try:
        services.knowledge.ingest_paths([first])
        question = "How fast must we follow up a trade show lead?"
        assert services.answer_question(question, asker=Asker(role="rep")).citations == []  # not known yet

        env = {k: v for k, v in os.environ.items() if not k.startswith("SALESBOT_")}
        subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", "kb", "ingest", str(second),
                        "--data-dir", str(data_dir)], check=True, env=env, cwd=tmp_path, capture_output=True)

        answer = services.answer_question(question, asker=Asker(role="rep"))
        assert [c.source for c in answer.citations] == [str(second)]
        nearest = services.knowledge.store.nearest("trade show follow-up", 5, None)  # the vector side
        assert str(second) in {services.knowledge.retriever.chunks[c].source for c, _ in nearest}

        # A removal elsewhere changes no row's update time, only the number of rows.
        subprocess.run([sys.executable, "-c", "from bot.cli.main import main; main()", "kb", "remove", str(first),
                        "--data-dir", str(data_dir)], check=True, env=env, cwd=tmp_path, capture_output=True)
        lending = services.answer_question("How long may a demo unit be lent?", asker=Asker(role="rep"))
        assert lending.citations == []
    finally:
        services.close()


def test_kb_reindex_after_switching_the_embedding_model(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("kb", "ingest", str(DATA_DIR / "knowledge" / "quote-approval-flow.md")).exit_code == 0
    monkeypatch.setenv("SALESBOT_KNOWLEDGE_EMBEDDING_MODEL", "all-MiniLM-L6-v2")
    asked = run("ask", "見積書の承認フローを教えてください")
    assert asked.exit_code != 0 and "salesbot kb reindex" in asked.output
    reindexed = run("kb", "reindex", "--json")
    assert reindexed.exit_code == 0, reindexed.output
    payload = json.loads(reindexed.output)
    assert payload["embedding_model"] == "all-MiniLM-L6-v2" and payload["reindexed_chunks"] > 0
    assert json.loads(run("ask", "--json", "見積書の承認フローを教えてください").output)["kind"] == "knowledge"
