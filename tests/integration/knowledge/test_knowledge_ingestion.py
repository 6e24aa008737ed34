"""Ingestion against real chromadb and the real model, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.demo.dataset import DATA_DIR
from crm_store.db import Database
from knowledge import messages as m

pytestmark = pytest.mark.slow
DOCS = DATA_DIR / "knowledge"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "docs"
    target.mkdir()
    for name in ("discount-requests.md", "en-demo-unit-lending.md"):
        shutil.copy(DOCS / name, target / name)
    return target


def test_folder_ingest_is_idempotent_and_follows_changes(db: Database, tmp_path: Path, folder: Path, kb_factory) -> None:
    service, _ = kb_factory(db, tmp_path)
    first = service.ingest_paths([folder])
    assert first.count("added") == 2
    docs = {Path(d.source).name: d for d in service.list_documents()}
    assert docs["discount-requests.md"].author == "高橋 誠"
    assert docs["discount-requests.md"].doc_date == date(2026, 4, 10)
    assert docs["discount-requests.md"].source == str(folder / "discount-requests.md")
    chunks_before = service.store.count()

    again = service.ingest_paths([folder])
    assert again.count("unchanged") == 2 and service.store.count() == chunks_before

    changed = folder / "discount-requests.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n## 追記\n\n半期末の値引きは必ず課長と相談する。\n",
                       encoding="utf-8")
    (folder / "en-demo-unit-lending.md").unlink()
    third = service.ingest_paths([folder])
    assert third.count("updated") == 1 and third.count("removed") == 1
    assert [Path(d.source).name for d in service.list_documents()] == ["discount-requests.md"]
    assert {c.source for c in service.store.all_chunks()} == {str(changed)}
    assert any("半期末" in p.text for p in service.search("半期末の値引き", None))


def test_bad_files_are_reported_and_the_rest_ingests(db: Database, tmp_path: Path, folder: Path, kb_factory) -> None:
    service, _ = kb_factory(db, tmp_path)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    shutil.copy(folder / "discount-requests.md", folder / "copy-of-discount.md")
    report = service.ingest_paths([folder, tmp_path / "missing.md"])
    by_name = {Path(o.source).name: o for o in report.outcomes}
    assert by_name["empty.txt"].error.template is m.FILE_EMPTY
    assert by_name["junk.txt"].error.template is m.NOT_TEXT
    assert by_name["missing.md"].error.template is m.PATH_NOT_FOUND
    # Two files with the same text are one document.
    assert {by_name["copy-of-discount.md"].status, by_name["discount-requests.md"].status} == {"added", "duplicate"}
    assert len(service.list_documents()) == 2
    assert "skipped" in report.summary("en") and "スキップ" in report.summary("ja")


def test_slack_threads_and_lessons_can_be_saved_updated_and_removed(db: Database, tmp_path: Path, kb_factory) -> None:
    service, _ = kb_factory(db, tmp_path)
    link = "https://example.slack.com/archives/C0SALES/p1732000000000100"
    report = service.ingest_text(source=link, title="Thread: 値引きの交渉", kind="slack", author="鈴木 一郎",
                                 text="値引きの代わりに保守1年延長を提案したら通った。", visibility="channel:C0SALES")
    assert report.outcomes[0].status == "added"
    lesson = service.ingest_text(source="activity:42", title="Lesson: 山田製作所", kind="lesson",
                                 text="工場長は納期を最も重視する。", doc_date=date(2026, 11, 2))
    assert lesson.outcomes[0].chunks == 1
    assert service.ingest_text(source=link, title="Thread: 値引きの交渉", kind="slack", author="鈴木 一郎",
                               text="値引きの代わりに保守1年延長を提案したら通った。",
                               visibility="channel:C0SALES").outcomes[0].status == "unchanged"
    assert {d.visibility for d in service.list_documents()} == {"channel:C0SALES", "everyone"}
    assert service.remove(link) is True
    assert service.remove(link) is False
    assert [d.source for d in service.list_documents()] == ["activity:42"]
    assert all(c.source == "activity:42" for c in service.store.all_chunks())


def test_a_new_service_reloads_the_index_from_chroma(db: Database, tmp_path: Path, folder: Path, kb_factory) -> None:
    first, _ = kb_factory(db, tmp_path)
    first.ingest_paths([folder])
    reopened, _ = kb_factory(db, tmp_path)
    hits = reopened.search("値引き 承認", None)
    assert hits and Path(hits[0].source).name == "discount-requests.md"


def test_a_folder_is_written_in_batches_and_reported_in_file_order(db: Database, tmp_path: Path, kb_factory,
                                                                     monkeypatch) -> None:
    from knowledge import service as service_module

    monkeypatch.setattr(service_module, "BATCH_DOCUMENTS", 2)
    service, _ = kb_factory(db, tmp_path)
    folder = tmp_path / "notes"
    folder.mkdir()
    topics = ["展示会の名刺は三営業日以内に登録する。", "Demo units are lent for at most 14 days.",
              "保守契約の更新案内は満了の三か月前に送る。", "Export quotes are in US dollars, FOB Yokohama.",
              "新規顧客の与信調査は管理部に依頼する。"]
    for n, text in enumerate(topics):
        (folder / f"note-{n}.md").write_text(f"# Note {n}\n\n{text}\n", encoding="utf-8")
    (folder / "note-5.md").write_text("# Note 0\n\n展示会の名刺は三営業日以内に登録する。\n", encoding="utf-8")

    report = service.ingest_paths([folder])
    assert [Path(o.source).name for o in report.outcomes] == [f"note-{n}.md" for n in range(6)]
    assert [o.status for o in report.outcomes] == ["added"] * 5 + ["duplicate"]
    assert len(service.list_documents()) == 5
    assert service.store.count() == 5
    for n, text in enumerate(topics):
        assert Path(service.search(text, None)[0].source).name == f"note-{n}.md"


def test_a_duplicate_in_the_next_batch_is_found_before_the_first_is_written(db: Database, tmp_path: Path,
                                                                            kb_factory, monkeypatch) -> None:
    # A batch is prepared while the one before it is still being embedded: the catalogue does not
    # have that batch yet.
    from knowledge import service as service_module

    monkeypatch.setattr(service_module, "BATCH_DOCUMENTS", 2)
    service, _ = kb_factory(db, tmp_path)
    folder = tmp_path / "notes"
    folder.mkdir()
    texts = ["展示会の名刺は三営業日以内に登録する。", "Demo units are lent for at most 14 days.",
             "Demo units are lent for at most 14 days.", "保守契約の更新案内は満了の三か月前に送る。"]
    for n, text in enumerate(texts):
        (folder / f"note-{n}.md").write_text(f"# Note\n\n{text}\n", encoding="utf-8")
    report = service.ingest_paths([folder])
    assert [o.status for o in report.outcomes] == ["added", "added", "duplicate", "added"]
    assert report.outcomes[2].duplicate_of == str(folder / "note-1.md")
    assert len(service.list_documents()) == 3
