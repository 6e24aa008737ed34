"""The multilingual default embedder, the model a collection records, `kb reindex`, scanned PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from core.errors import UserFacingError
from crm_store.db import Database
from knowledge import messages as m
from knowledge.adapters import chroma
from knowledge.adapters.use_multilingual import UseMultilingualEmbedder
from knowledge.factory import build_knowledge

pytestmark = pytest.mark.slow

LENDING = Path(__file__).resolve().parents[3] / "bot/demo/data/knowledge/demo-unit-lending.md"


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_use_multilingual_puts_a_translation_next_to_its_original() -> None:
    embedder = UseMultilingualEmbedder()
    japanese, english, other = embedder.embed_documents(
        ["デモ機の貸出期間は最長14日間です。", "Demo units can be lent for at most 14 days.",
         "The capital of France is Paris."])
    assert len(japanese) == 512
    assert _cosine(japanese, english) > _cosine(japanese, other) + 0.2


@pytest.fixture
def database(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'salesbot.db'}")
    db.migrate()
    yield db
    db.dispose()


def test_switching_models_asks_for_reindex_and_reindex_re_embeds(database: Database, tmp_path: Path) -> None:
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    assert service.ingest_paths([LENDING]).count("added") == 1
    chunks = service.store.count()
    service.close()

    switched, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None,
                                  embedding_model="all-MiniLM-L6-v2")
    with pytest.raises(UserFacingError) as raised:
        switched.search("デモ機の貸出期間", None)
    assert raised.value.template is m.REINDEX_NEEDED
    assert "salesbot kb reindex" in raised.value.message("en") and "use-multilingual-v3" in raised.value.message("ja")

    assert switched.reindex() == chunks
    assert switched.store.built_with() == "all-MiniLM-L6-v2" and switched.store.count() == chunks
    hits = switched.search("デモ機の貸出期間は?", None)
    assert hits and hits[0].source == str(LENDING)
    assert [d.source for d in switched.list_documents()] == [str(LENDING)]  # the catalogue is kept
    switched.close()


def _scanned_pdf(path: Path, lines: list[str]) -> None:
    image = Image.new("L", (1240, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    for n, line in enumerate(lines):
        draw.text((60, 60 + n * 80), line, fill=0, font=font)
    image.save(path, "PDF", resolution=150)  # an image-only PDF, no text layer


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_a_scanned_pdf_is_read_by_the_ocr_engine_it_is_given(database: Database, tmp_path: Path) -> None:
    from capture.adapters.tesseract import TesseractOcrEngine

    scan = tmp_path / "scan.pdf"
    _scanned_pdf(scan, ["Warranty policy", "The spindle warranty is two years.", "Call service within 24 hours."])
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    refused = service.ingest_paths([scan])
    assert refused.failed and refused.failed[0].error.template is m.PDF_NO_TEXT  # no OCR engine given

    service.ocr = TesseractOcrEngine("eng")
    report = service.ingest_paths([scan])
    assert report.count("added") == 1, [o.line("en") for o in report.failed]
    hits = service.search("How long is the spindle warranty?", None)
    assert hits and hits[0].source == str(scan) and "spindle warranty" in hits[0].text.lower()
    service.close()


def test_a_store_of_one_vector_per_chunk_asks_for_reindex(database: Database, tmp_path: Path) -> None:
    from knowledge.adapters import chroma

    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    service.ingest_paths([LENDING])
    chunks = service.store.count()
    store = service.store
    # What an earlier version left: no sentence vectors, no layout recorded.
    store.client.delete_collection(chroma.SENTENCES)
    store.collection.modify(metadata={"embedding_model": "use-multilingual-v3", "vector_layout": "chunk"})
    service.close()

    reopened, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    with pytest.raises(UserFacingError) as raised:
        reopened.search("デモ機の貸出期間", None)
    assert raised.value.template is m.REINDEX_NEEDED
    assert "one vector per chunk" in raised.value.message("en")

    assert reopened.reindex() == chunks
    assert reopened.store.sentences.count() > chunks  # every sentence has its vector again
    assert reopened.search("How many days can we lend a demo unit?", None)[0].source == str(LENDING)
    reopened.close()


CONVERSATION = """# 定例打ち合わせ議事録

{lines}
"""


def test_one_sentence_of_a_long_chunk_is_found_across_languages(database: Database, tmp_path: Path) -> None:
    """A question that matches one line of a conversation finds it although the chunk's other
    lines are about something else (one vector per chunk averages that line away)."""
    filler = ["来週の会議室は三階の大会議室を予約しました。", "議事録は金曜までに共有します。",
              "新しい名刺の発注は総務に依頼済みです。", "年末の大掃除の担当表を回覧します。",
              "駐車場の利用ルールが来月から変わります。", "社内報の原稿締め切りは十日です。",
              "忘年会の出欠は今週中に幹事へ連絡してください。", "コピー機のトナーは二階の倉庫にあります。"]
    answer = "検査カメラの標準保証期間は納品から二年間です。"
    documents = {
        "minutes-a.md": filler[:4] + [answer] + filler[4:],
        "minutes-b.md": filler[4:] + ["保守契約の更新案内は満了の三か月前に送ります。"] + filler[:4],
        "minutes-c.md": filler[2:6] + ["展示会のブースは東ホールに決まりました。"] + filler[:2],
    }
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, lines in documents.items():
        (folder / name).write_text(CONVERSATION.format(lines="\n".join(lines)), encoding="utf-8")
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    service.ingest_paths([folder])

    ranked = service.store.nearest("How long is the standard warranty on inspection cameras?", 3, None)
    by_source = {service.retriever.chunks[cid].source: score for cid, score in ranked}
    assert max(by_source, key=by_source.__getitem__).endswith("minutes-a.md")
    # The score is the mean of the best sentence's and the context vector's cosine.
    embedder = UseMultilingualEmbedder()
    query = embedder.embed_query("How long is the standard warranty on inspection cameras?")
    best_sentence = _cosine(query, embedder.embed_documents([answer])[0])
    assert by_source[str(folder / "minutes-a.md")] > 0.5 * best_sentence
    service.close()


def test_chunks_written_before_sentence_counts_score_the_same(database: Database, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk's sentence vectors are fetched by id from the count in its metadata; a chunk an
    earlier version wrote has no count and is read by a filter instead, with the same scores."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(LENDING, folder / LENDING.name)
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    service.ingest_paths([folder])
    question = "How many days can a customer keep a demo unit?"
    # One sentence candidate per chunk asked for: most chunks' sentence half is then fetched.
    monkeypatch.setattr(chroma, "SENTENCE_CANDIDATES", 1)
    counted = service.store.nearest(question, 4, None)
    ids = service.store.collection.get()["ids"]
    service.store.collection.update(ids=ids, metadatas=[{"sentences": None}] * len(ids))
    sentence_ids = service.store.sentences.get()["ids"]  # which then named their chunk
    service.store.sentences.update(ids=sentence_ids, metadatas=[{"chunk_id": chroma._chunk_of(sid)}
                                                                for sid in sentence_ids])
    assert all("sentences" not in meta for meta in service.store.collection.get(include=["metadatas"])["metadatas"])
    filtered = service.store.nearest(question, 4, None)
    assert len(counted) == 4
    assert [cid for cid, _ in filtered] == [cid for cid, _ in counted]
    assert [score for _, score in filtered] == pytest.approx([score for _, score in counted], abs=1e-6)
    service.close()


def test_a_chunk_written_with_its_text_as_the_document_reads_back_the_same(
        database: Database, tmp_path: Path) -> None:
    """Chunks keep their text in the metadata (chroma would index a document for full-text search);
    a store an earlier version wrote keeps it as the document, and a new process reads both."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(LENDING, folder / LENDING.name)
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "chroma", chroma_url=None)
    service.ingest_paths([folder])
    written = {c.chunk_id: c.text for c in service.store.all_chunks()}
    assert written and all(written.values())
    stored = service.store.collection.get(include=["documents", "metadatas"])
    assert not any(stored["documents"])  # nothing for chroma's full-text index
    # As an earlier version wrote it: the text as the document, none in the metadata.
    service.store.collection.update(
        ids=stored["ids"], documents=[written[cid] for cid in stored["ids"]],
        metadatas=[{"text": None}] * len(stored["ids"]))
    assert {c.chunk_id: c.text for c in service.store.all_chunks()} == written
    service.close()
