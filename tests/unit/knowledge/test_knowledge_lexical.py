"""BM25 terms: Sudachi normalization for Japanese, light stemming for English, and the BM25 index."""

from __future__ import annotations

import pytest

from knowledge.bm25 import Bm25Index
from knowledge.lexical import japanese_nouns, stem, term_words, terms


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


def test_english_function_words_and_contractions_are_no_topic() -> None:
    # Kept, "because" and "it's" found a translation in almost any Japanese sentence.
    assert terms("Because it's late, we shouldn't wait until Monday") == ["late", "wait", "monday"]
    assert terms("It’s late and they can’t wait") == terms("It's late and they can't wait") == ["late", "wait"]


def test_possessives_and_chat_contractions_are_their_words() -> None:
    # "fujimoto's" is Fujimoto, found where the document names it; "whats", "im", "why'd" say nothing.
    assert terms("whats Fujimoto's lead time? im new, why'd they win") == ["fujimoto", "lead", "time", "new", "win"]
    assert terms("O'Brien's shop") == ["o'brien", "shop"]
    # Without the apostrophe, a 'd or 'll contraction is a word ("id", "well").
    assert terms("customer id, all well") == ["customer", "id", "well"]


def test_supposed_to_is_a_modal() -> None:
    assert terms("How much pipeline am I supposed to carry?") == ["pipelin", "carry"]
    assert terms("the supposed reason") == ["suppos", "reason"]


def test_a_word_of_degree_after_how_belongs_to_the_question_word() -> None:
    assert terms("How many service bases does Yamato have? How soon can they ship?") == [
        "servic", "base", "yamato", "ship"]
    # A calendar word after "what" / "which" is the question word too ("in what year": 何年).
    assert terms("In what year was the club founded? Which date suits?") == ["club", "found", "suit"]
    assert terms("How tall is the viaduct?") == ["viaduct"]
    # Elsewhere the same words name something.
    assert terms("A long-term contract for many years") == ["long", "term", "contract", "many", "year"]


def test_a_questions_nouns_are_the_things_it_names() -> None:
    nouns = japanese_nouns("大和マシナリーの社長は誰?何日かかる?いくら?3台の見積は必要?")
    assert {"大和", "マシナリー", "社長", "見積もり"} <= set(nouns) and nouns["見積もり"] == "見積"
    assert not {"誰", "何日", "幾ら", "台", "3", "必要"} & set(nouns)  # interrogatives, counters, figures, adjectival
    assert japanese_nouns("Who is Yamato's president?") == {}
    # A noun that names an action (開通する, 献上する) is said with a verb as often: it is left to support.
    assert set(japanese_nouns("東海道新幹線が開通したのはいつか、献上された地図は")) == {"東海道", "新幹線", "地図"}


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


def test_bm25_filter_looks_past_the_first_hits_and_ties_keep_insertion_order() -> None:
    index = Bm25Index()
    for n in range(100):
        index.add(f"c{n:03d}", ["保守", "更新"] if n % 10 else ["保守", "更新", "更新"])
    allowed = [cid for cid, _ in index.search({"更新": 1.0}, 3, allowed=lambda cid: cid.endswith("7"))]
    assert allowed == ["c007", "c017", "c027"]  # 90 chunks score higher or equal before the first one allowed
    top = index.search({"更新": 1.0}, 12)
    assert [cid for cid, _ in top[:10]] == [f"c{n:03d}" for n in range(0, 100, 10)]
    assert [cid for cid, _ in top[10:]] == ["c001", "c002"]


def test_bm25_scores_survive_re_adding_chunks_many_times() -> None:
    index, fresh = Bm25Index(), Bm25Index()
    for round_ in range(30):  # a folder re-ingested: each chunk removed and added again (slots compacted)
        for n in range(100):
            index.add(f"c{n}", ["値引き", "承認"] if n % 3 else ["値引き", "課長", "値引き"])
    for n in range(100):
        fresh.add(f"c{n}", ["値引き", "承認"] if n % 3 else ["値引き", "課長", "値引き"])
    index.remove("c5")
    fresh.remove("c5")
    query = {"値引き": 1.0, "課長": 0.6}
    found, expected = index.search(query, 20), fresh.search(query, 20)
    assert [cid for cid, _ in found] == [cid for cid, _ in expected]
    assert [score for _, score in found] == pytest.approx([score for _, score in expected])
    assert len(index) == 99 and "c5" not in index


def test_each_term_keeps_a_word_it_stands_for() -> None:
    # A stem is no word to look up; the first word it came from is.
    assert term_words("The approval of quotes, quoted twice") == {"approv": "approval", "quot": "quotes", "twic": "twice"}
    assert term_words("見積もりの承認") == {term: term for term in terms("見積もりの承認")}
