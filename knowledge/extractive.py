"""The offline answer: the best sentences of the top passages, each followed by its [n] marker.

A sentence is scored by the share of the question's concepts it covers (glossary-aware, so an
English question can pick a Japanese sentence) plus, when available, its embedding similarity to
the question.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge import lexical
from knowledge.chunking import passage_sentences
from knowledge.grounded import GroundedAnswer
from knowledge.models import Passage

MAX_SENTENCES = 3
MAX_PER_SOURCE = 2
# (sentences, the section heading above them) -> one score per sentence, higher is better.
SentenceScorer = Callable[[list[str], str], list[float]]


def sentences_of(passage: Passage) -> list[str]:
    return passage_sentences(passage.text)


def term_overlap_scorer(question: str) -> SentenceScorer:
    """The simplest scorer: shared terms (used when no better one is given)."""
    wanted = set(lexical.terms(question))

    def score(sentences: list[str], heading: str) -> list[float]:
        heading_terms = set(lexical.terms(heading))
        return [len(wanted & (set(lexical.terms(s)) | heading_terms)) / max(1, len(wanted))
                for s in sentences]

    return score


def _ranked_sentences(passages: list[Passage], score: SentenceScorer) -> list[tuple[float, int, int, str]]:
    """(score, passage index, sentence index, sentence), best first."""
    scored: list[tuple[float, int, int, str]] = []
    for p_index, passage in enumerate(passages):
        sentences = sentences_of(passage)
        values = score(sentences, passage.heading)
        for s_index, (sentence, value) in enumerate(zip(sentences, values, strict=True)):
            # Earlier sources and earlier sentences win near-ties: documents lead with the rule.
            scored.append((value - p_index * 0.03 - s_index * 0.005, p_index, s_index, sentence))
    scored.sort(key=lambda item: -item[0])
    return scored


def closest_sentence(passages: list[Passage], score: SentenceScorer) -> tuple[Passage, str] | None:
    """The one sentence of ``passages`` nearest the question, and its passage (None: nothing near)."""
    scored = _ranked_sentences(passages, score)
    if not scored or scored[0][0] <= 0:
        return None
    _, p_index, _, sentence = scored[0]
    return passages[p_index], _clean(sentence)


def extractive_answer(passages: list[Passage], numbers: list[int], score: SentenceScorer
                      ) -> tuple[GroundedAnswer, dict[int, list[str]]]:
    """Up to three sentences from ``passages`` (``numbers[i]`` is passage i's source number), in
    document order; also the sentences quoted from each source number."""
    scored = _ranked_sentences(passages, score)
    if not scored or scored[0][0] <= 0:
        return GroundedAnswer(found=False), {}
    best = scored[0][0]
    chosen: list[tuple[int, int, str]] = []
    per_source: dict[int, int] = {}  # by source number
    for value, p_index, s_index, sentence in scored:
        if len(chosen) == MAX_SENTENCES or value < best * 0.6:
            break
        number = numbers[p_index]
        if per_source.get(number, 0) >= MAX_PER_SOURCE or any(sentence == c[2] for c in chosen):
            continue
        per_source[number] = per_source.get(number, 0) + 1
        chosen.append((p_index, s_index, sentence))
    chosen.sort(key=lambda c: (numbers[c[0]], c[0], c[1]))
    quotes: dict[int, list[str]] = {}
    for p_index, _, sentence in chosen:
        quotes.setdefault(numbers[p_index], []).append(_clean(sentence))
    lines = [f"• {_clean(sentence)} [{numbers[p_index]}]" for p_index, _, sentence in chosen]
    answer = GroundedAnswer(found=True, answer="\n".join(lines), cited=sorted(quotes))
    return answer, quotes


def _clean(sentence: str) -> str:
    text = sentence.strip()
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
        return " — ".join(cell for cell in cells if cell)
    return text.lstrip("-*+・• ").removeprefix("[ ]").strip()
