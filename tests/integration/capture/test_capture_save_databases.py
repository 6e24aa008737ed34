"""Saving on SQLite and PostgreSQL: one transaction, never twice, even when two saves race."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from sqlmodel import select

from capture.adapters.tesseract import TesseractOcrEngine
from capture.extraction.rules import RuleExtractor
from capture.service import CaptureConfig, CaptureService
from core.glossary import load_glossary
from crm_store.db import Database
from crm_store.models import Activity, Customer, NextAction, User

TODAY = date(2026, 11, 20)


class _NoTranscriber:
    """Text memos only: these tests never reach speech recognition."""

    name = "none"

    def transcribe(self, audio: object, *, language: str | None = None):  # pragma: no cover - never called
        raise AssertionError("not used")


def _service(db: Database, tmp_path: Path) -> CaptureService:
    config = CaptureConfig(data_dir=tmp_path, inputs_dir=tmp_path / "inputs", glossary=load_glossary())
    return CaptureService(db, config, transcriber=_NoTranscriber(), ocr=TesseractOcrEngine(),
                          extractor=RuleExtractor())


def test_concurrent_saves_write_one_activity(db: Database, tmp_path: Path) -> None:
    with db.session(actor="test") as session:
        session.add(Customer(name="株式会社山田製作所", normalized_name="山田製作所", erp_code="C0001"))
        session.add(User(slack_user_id="U1", name="鈴木 一郎", normalized_name="鈴木一郎"))
    capture = _service(db, tmp_path)
    input_id = capture.store_text("C0001 山田製作所に電話。見積300万円を提示。明日までに仕様書を送付する。", origin="slack")
    view = capture.draft(input_id, today=TODAY)
    assert view.customer.status == "matched"

    results = []
    barrier = threading.Barrier(2)

    def save() -> None:
        barrier.wait()
        results.append(capture.save(input_id, view.draft, approved_by_slack_id="U1"))

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({r.activity_id for r in results}) == 1
    with db.session(actor="test") as session:
        assert len(session.exec(select(Activity)).all()) == 1
        actions = session.exec(select(NextAction)).all()
        assert [(a.description, a.due) for a in actions] == [("明日までに仕様書を送付する", date(2026, 11, 21))]
        assert actions[0].owner_id == session.exec(select(User)).one().id
