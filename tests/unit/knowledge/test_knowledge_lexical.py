"""BM25 terms: Sudachi normalization for Japanese, light stemming for English, and the BM25 index."""

from __future__ import annotations

from knowledge.bm25 import Bm25Index
from knowledge.lexical import stem, terms


def test_sudachi_normalizes_spelling_variants() -> None:
    assert terms("見積の承認") == terms("見積もりの承認") == terms("見積りの承認")
    assert terms("引継ぎ") == terms("引き継ぎ")


def test_particles_and_auxiliaries_are_dropped() -> None:
    found = terms("値引きを求められたときはどうすればいいですか？")
    assert "値引き" in found and "求める" in found
    assert not {"を", "は", "です", "か", "ば"} & set(found)


def test_english_words_in_japanese_text_stay_english() -> None:
    # Sudachi would turn "Discount" into katakana; we keep the English term.
    assert "discount" in terms("Discountの承認")


def test_english_stemming_meets_variants() -> None:
    assert stem("quotes") == stem("quote") == stem("quoted")
    assert stem("approval") == stem("approve") == stem("approved")
    assert terms("How do I handle the discounts?") == ["handl", "discount"]


def test_bm25_ranks_by_term_weight_and_forgets_removed_chunks() -> None:
    index = Bm25Index()
    index.add("a", ["値引き", "承認", "課長"])
    index.add("b", ["デモ", "機", "貸し出し"])
    index.add("c", ["値引き", "値引き", "保守"])
    assert [cid for cid, _ in index.search({"値引き": 1.0, "承認": 1.0}, 5)][0] == "a"
    index.remove("a")
    assert "a" not in index
    assert [cid for cid, _ in index.search({"承認": 1.0}, 5)] == []
    assert [cid for cid, _ in index.search({"値引き": 1.0}, 5, allowed=lambda cid: cid != "c")] == []
