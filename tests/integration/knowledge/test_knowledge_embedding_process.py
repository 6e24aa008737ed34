"""Ingest embeds large batches in child processes (beside chroma's writes), and here if a child dies."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pytest

from crm_store.db import Database
from knowledge.adapters import embedding_process
from knowledge.adapters.embedding_process import ProcessEmbedder
from knowledge.adapters.use_multilingual import UseMultilingualEmbedder
from knowledge.factory import build_knowledge

pytestmark = pytest.mark.slow

TEXTS = ["デモ機の貸出期間は最長14日間です。", "Demo units can be lent for at most 14 days.", "与信限度額は管理部が決める。"]


def test_the_children_embed_what_this_process_would_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding_process, "MIN_TEXTS", 1)
    local = UseMultilingualEmbedder()
    embedder = ProcessEmbedder(local, children=2)
    try:
        vectors = embedder.embed_documents(TEXTS)  # split 2 + 1 between the two children
        assert len(embedder._children) == 2 and all(c.pid != os.getpid() for c in embedder._children)
        assert np.allclose(vectors, local.embed_documents(TEXTS), atol=1e-6)
        assert np.allclose(embedder.embed_documents(TEXTS[:1]), local.embed_documents(TEXTS[:1]), atol=1e-6)
        assert embedder.embed_documents([]) == []
    finally:
        embedder.close()
    assert embedder._children == []


def test_a_dead_child_means_embedding_here(caplog: pytest.LogCaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding_process, "MIN_TEXTS", 1)
    local = UseMultilingualEmbedder()
    embedder = ProcessEmbedder(local, children=2)
    try:
        embedder.embed_documents(TEXTS)
        embedder._children[1].kill()
        embedder._children[1].wait()
        with caplog.at_level(logging.WARNING, logger="knowledge.adapters.embedding_process"):
            vectors = embedder.embed_documents(TEXTS)
        assert "embedding process failed" in caplog.text
        assert np.allclose(vectors, local.embed_documents(TEXTS), atol=1e-6)
        assert embedder._children == []  # the other one is stopped too
    finally:
        embedder.close()


def test_a_folder_is_embedded_by_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding_process, "MIN_TEXTS", 2)
    db = Database(f"sqlite:///{tmp_path / 'salesbot.db'}")
    db.migrate()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lending.md").write_text("# Demo units\n\nDemo units can be lent for at most 14 days.\n",
                                       encoding="utf-8")
    (folder / "credit.md").write_text("# 与信\n\n与信限度額は管理部が決める。\n", encoding="utf-8")
    service, _ = build_knowledge(db, chroma_dir=tmp_path / "chroma", chroma_url=None)
    try:
        service.ingest_paths([folder])
        bulk = service.store.embedder  # type: ignore[attr-defined]
        assert bulk._children and all(child.poll() is None for child in bulk._children)
        best = service.search("How long can a customer keep a demo unit?", None)[0]
        assert Path(best.source).name == "lending.md"
    finally:
        service.close()
        db.dispose()
    assert bulk._children == []  # closing the store stops the children


def test_a_few_texts_are_embedded_here_without_starting_a_child() -> None:
    embedder = ProcessEmbedder(UseMultilingualEmbedder())
    assert len(embedder.embed_documents(TEXTS)) == 3
    assert embedder._children == []
