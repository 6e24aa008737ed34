"""`TermBridge` on the real default model: a question's word counts where its translation is."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.adapters.use_multilingual import UseMultilingualEmbedder
from knowledge.term_bridge import term_bridge


def test_a_word_of_the_question_is_found_through_its_translation() -> None:
    bridge = term_bridge(UseMultilingualEmbedder())
    assert bridge is not None
    question = {"approv": "approval", "booth": "booth", "week": "weeks"}
    sentence = {"部長": "部長", "承認": "承認", "必要": "必要"}
    assert bridge.translated(question, sentence) == {"approv"}
    # And the other way round.
    assert bridge.translated({"承認": "承認", "展示会": "展示会"}, {"manag": "manager", "approv": "approval"}) == {"承認"}


def test_words_of_one_language_and_figures_are_left_to_exact_matching() -> None:
    bridge = term_bridge(UseMultilingualEmbedder())
    assert bridge is not None
    assert bridge.translated({"approv": "approval"}, {"authoriz": "authorization", "consent": "consent"}) == set()
    assert bridge.translated({"14": "14", "期間": "期間"}, {"14": "14", "period": "period"}) == {"期間"}


def test_a_ranking_can_leave_out_the_verbs_and_suffixes_that_match_anything() -> None:
    bridge = term_bridge(UseMultilingualEmbedder())
    assert bridge is not None
    asked = bridge.asked({"someon": "someone", "surcharg": "surcharge"})
    sentence = {"料金": "料金", "つく": "つく"}  # "someone" ⇔ つく passes the model's cosine
    assert asked.translated(sentence) == {"someon", "surcharg"}
    assert asked.translated(sentence, kana_words=False) == {"surcharg"}


@dataclass
class _OtherModel:
    model_id: str


def test_only_a_model_calibrated_for_it_gets_a_bridge() -> None:
    # An English-centric model places unrelated Japanese words close together: no bridge.
    assert term_bridge(_OtherModel("sentence-transformers/all-MiniLM-L6-v2")) is None  # type: ignore[arg-type]
    assert term_bridge(None) is None
