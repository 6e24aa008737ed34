"""Ranking across languages on the dev threads of benchmarks/knowledge_xling_dev (real model and chroma)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_store.db import Database
from knowledge import retrieval
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge

DEV = Path(__file__).resolve().parents[3] / "benchmarks" / "knowledge_xling_dev"


def _rank(service, item: dict) -> int:  # type: ignore[no-untyped-def]
    passages = service.search(item["question"], None, limit=30)
    ranked = list(dict.fromkeys(Path(p.source).name for p in passages))
    return ranked.index(item["expected_source"]) + 1 if item["expected_source"] in ranked else 99


def test_an_utterance_none_of_whose_words_the_threads_hold_as_written_is_ranked_by_meaning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = Database(f"sqlite:///{tmp_path / 'salesbot.db'}")
    database.migrate()
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None,
                                 embedding_model=DEFAULT_EMBEDDING_MODEL)
    service.ingest_paths([DEV / "docs_ja"], actor="test")
    lines = (DEV / "questions_en2ja_lifted.jsonl").read_text("utf-8").splitlines()
    lifted = {item["id"]: item for item in map(json.loads, lines)}
    # An English sentence translated from one line of a Japanese thread: the bridge finds a "translation" of
    # its words in most threads; the multilingual model finds the line.
    asked = [lifted["lifted_en2ja_21"], lifted["lifted_en2ja_29"]]
    ranks = [_rank(service, item) for item in asked]
    assert max(ranks) <= 3, ranks
    # Weighted as a question in the documents' language is:
    monkeypatch.setattr(retrieval, "UNFOUND_DENSE_EN", 0.0)
    ranks = [_rank(service, item) for item in asked]
    assert min(ranks) > 3, ranks
    service.close()
    database.dispose()
