"""CSV columns of issue 14: users' reading (フリガナ) and deals' loss reason (失注理由), on SQLite and PostgreSQL."""

from datetime import date
from pathlib import Path

from sqlmodel import select

from core.questions import Asker, Question
from crm_store.csv_import.importer import import_csv
from crm_store.db import Database
from crm_store.models import Deal, User
from crm_store.pipeline.answerer import PipelineAnswerer


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reading_finds_a_rep_whose_name_sudachi_reads_otherwise(db: Database, tmp_path: Path) -> None:
    # 月見里 is the family name ヤマナシ; Sudachi reads the kanji ツキミサト, so only the CSV's reading finds it.
    users = "氏名,フリガナ,役割\n月見里 翔,ヤマナシ ショウ,rep\n"
    assert import_csv(db, "users", write(tmp_path, "users.csv", users), actor="t").errors == []
    deals = "案件名,顧客名,担当者,ステージ,金額,失注理由\nA,山田製作所,月見里 翔,見積,1000000,\nB,山田製作所,月見里 翔,失注,2000000,価格\n"
    report = import_csv(db, "deals", write(tmp_path, "deals.csv", deals), actor="t")
    assert report.errors == []
    with db.session("t") as session:
        assert session.exec(select(User.kana)).one() == "ヤマナシ ショウ"
        reasons = {d.name: d.loss_reason for d in session.exec(select(Deal))}
    assert reasons == {"A": None, "B": "価格"}
    answerer = PipelineAnswerer(db, charts=False)
    question = Question(
        text="Yamanashi's open deals", language="en", asker=Asker(role="admin"), today=date(2026, 11, 20)
    )
    answer = answerer.answer(question)
    assert answer.data.total == 1_000_000 and "月見里 翔" in answer.interpretation
