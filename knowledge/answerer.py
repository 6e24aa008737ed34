"""`KnowledgeAnswerer`: how-to, policy and know-how questions answered from the knowledge base,
with citations — or an honest "not found" with the nearest documents."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from core.i18n import Language, detect_language
from core.questions import Answer, AnswerData, Citation, Question
from core.text import fold
from knowledge import messages as m
from knowledge.extractive import SentenceScorer, closest_sentence, extractive_answer
from knowledge.grounded import GroundedAnswer
from knowledge.llm_answer import llm_answer
from knowledge.models import Passage
from knowledge.permissions import readable_by, visible_to_audience
from knowledge.service import KnowledgeService, text_language

log = logging.getLogger(__name__)

# Below this support (`HybridRetriever.assess`), a passage does not answer the question. Chosen on the dev and
# burned sets and the formal dev set; docs/knowledge.md has the trade-off. Raised from 0.48 when support came to
# count a word said otherwise in the same script (it raises every passage's): as many honest "not found" as
# before, more answers.
RELEVANCE_THRESHOLD = 0.50
# With a chat model, passages down to this support go to it: it reads question and passage together and
# refuses on its own (`found: false`), which the offline scores judge far from perfectly on unseen
# questions. At 0.25 a passage of the right document passes for all but one answerable dev and burned
# question (257), and the best passage of 88% of the unanswerable ones reaches the model too. When the
# model's reply cannot be used, the offline threshold decides again.
LLM_RELEVANCE_THRESHOLD = 0.25
# From this support, a "not found" quotes the passage's sentence nearest the question (on the dev and
# burned sets a right document's passage reaches it as often as at the LLM's line, and 83% of the
# unanswerable questions' best passages against 88%).
CLOSEST_THRESHOLD = 0.28
MAX_SOURCES = 3
PICK_MARGIN = 0.1
PASSAGES_PER_SOURCE = 6
MIN_QUESTION_CHARS = 2
# Procedure and permission phrasing: know-how even when metric words (payment, price) also appear.
_POLICY = re.compile(
    r"どうすれば|どうしたら|どのように|どうやって|方法|手順|やり方|ルール|規則|決まり|コツ|方針|してもいい|"
    r"いいですか|できますか|べき|how (do|should|can) (i|we)|how to|what is our|policy|policies|procedure|"
    r"can (i|we)\b|should (i|we)\b|am i allowed|are we allowed|rules?\b|tips?\b|checklist")
_HOW_TO = re.compile(
    r"どうすれば|どうしたら|どのように|どうやって|方法|手順|やり方|ルール|規則|決まり|コツ|ポイント|注意|対策|対応|方針|"
    r"条件|基準|承認|申請|流れ|フロー|期限|上限|最長|何日|誰が|とは|教えて|知りたい|ガイド|マニュアル|強み|弱み|"
    r"違い|比較|勝つ|差別化|チェックリスト|"
    r"how (do|can|should|to|long|much|many)|what (is|are) (our|the)|policy|policies|rule|procedure|process|"
    r"guideline|tips?\b|best practice|who approves|approv|allowed|can i\b|should i\b|steps?\b|checklist|"
    r"strength|weakness|against|compet|handle|deadline|maximum|limit")
_SNIPPET_CHARS = 220




class KnowledgeAnswerer:
    kind = "knowledge"

    def __init__(self, service: KnowledgeService, chat_model: Any | None = None,
                 threshold: float = RELEVANCE_THRESHOLD,
                 llm_threshold: float = LLM_RELEVANCE_THRESHOLD) -> None:
        self.service = service
        self.chat_model = chat_model
        self.threshold = threshold
        self.llm_threshold = llm_threshold

    def score(self, question: Question) -> float:
        """High for how-to/policy questions; a moderate default so free questions get an honest
        "not found" from here rather than "not understood"."""
        key = fold(question.text)
        if _POLICY.search(key):
            return 0.95
        return 0.85 if _HOW_TO.search(key) else 0.35

    def answer(self, question: Question) -> Answer:
        language = question.language
        text = question.text.strip()
        if len(text) < MIN_QUESTION_CHARS:
            return Answer(kind="knowledge", language=language, answer=m.QUESTION_TOO_SHORT.format(language))
        if self.service.is_empty():
            return Answer(kind="knowledge", language=language, answer=m.KB_EMPTY.format(language))
        passages = self.service.retriever.assess(
            text, self.service.search(text, readable_by(question.asker), limit=8))
        best = max((p.relevance for p in passages), default=0.0)
        llm_line = min(self.threshold, self.llm_threshold)
        if self.chat_model is not None and passages and best >= llm_line:
            chosen = _merge_by_source(_pick_sources(_near_line(passages, llm_line), language))
            grounded = llm_answer(self.chat_model, text, language, chosen)
            if grounded is not None and not grounded.found:
                return self._not_found(passages, question)
            if grounded is not None:
                return self._answer(grounded, chosen, {}, question)
        if not passages or best < self.threshold:
            return self._not_found(passages, question)
        picked = _pick_sources(_near_line(passages, self.threshold), language)
        chosen = _merge_by_source(picked)  # source [n] is chosen[n - 1]
        numbers = [next(i for i, s in enumerate(chosen, 1) if s.source == p.source) for p in picked]
        grounded, quotes = extractive_answer(picked, numbers, _prefer_language(
            self.service.retriever.sentence_scorer(text), language))
        cited = list(dict.fromkeys(chosen[n - 1].source for n in grounded.cited))
        if not grounded.found or self.service.retriever.unheld_nouns(text, cited):
            return self._not_found(passages, question)
        return self._answer(grounded, chosen, quotes, question)

    def _answer(self, grounded: GroundedAnswer, chosen: list[Passage], quotes: dict[int, list[str]],
                question: Question) -> Answer:
        """The answer citing the sources it used; ``quotes``: what was quoted from each (offline)."""
        language = question.language
        used = [chosen[n - 1] for n in grounded.cited]
        numbered = _renumber(grounded)
        private = any(not visible_to_audience(p.visibility, question.asker) for p in used)
        # The snippet is what was quoted from the source, or (LLM path) the passage itself.
        citations = [Citation(source=p.source, title=p.title,
                              snippet=_snippet(" ".join(quotes.get(n, [])) or p.text),
                              score=round(p.relevance, 3)) for n, p in zip(grounded.cited, used, strict=True)]
        lead = m.ANSWER_LEAD.format(language)
        quoted = [sentence for sentences in quotes.values() for sentence in sentences]
        if any(text_language(sentence, default=language) != language for sentence in quoted):
            # Offline we quote, never translate: say so, in the asker's language.
            lead = m.ANSWER_LEAD_QUOTED.format(language)
        return Answer(kind="knowledge", language=language, answer=f"{lead}\n{numbered}", citations=citations,
                      private=private)

    def _not_found(self, passages: list[Passage], question: Question) -> Answer:
        """No answer, and what is nearest: the one sentence closest to the question, said to be
        unconfirmed, and the documents. Unseen colloquial questions are often answered by the passage
        ranked first while its support stays below the line (docs/knowledge.md, held-out 5); the
        sentence lets the asker see that without the bot asserting it."""
        language = question.language
        nearest = _distinct_documents(passages)[:3]
        lines = [m.NOT_FOUND.format(language)]
        near = _pick_sources([p for p in passages if p.relevance >= CLOSEST_THRESHOLD], language)
        closest = closest_sentence(near, _prefer_language(
            self.service.retriever.sentence_scorer(question.text), language)) if near else None
        if closest is not None:
            lines += [m.CLOSEST.format(language), f"• {closest[1]} — {closest[0].title}"]
        if nearest:
            lines.append(m.NEAREST.format(language))
            lines += [f"• {p.title} — {p.source}" for p in nearest]
        rows = [{"source": p.source, "title": p.title, "score": round(p.relevance, 3)} for p in nearest]
        if closest is not None:
            passage, sentence = closest
            row = next((r for r in rows if r["source"] == passage.source), None)
            if row is None:
                row = {"source": passage.source, "title": passage.title, "score": round(passage.relevance, 3)}
                rows.insert(0, row)
            row["closest"] = sentence
        return Answer(kind="knowledge", language=language, answer="\n".join(lines),
                      data=AnswerData(total=0, rows=rows),
                      private=any(p.visibility != "everyone" for p in nearest + near))


def _distinct_documents(passages: list[Passage]) -> list[Passage]:
    seen: dict[str, Passage] = {}
    for passage in passages:
        seen.setdefault(passage.source, passage)
    return list(seen.values())


def _near_line(passages: list[Passage], threshold: float) -> list[Passage]:
    """The threshold decides whether the question is answered; what to quote is then chosen, in
    retrieval order, among the passages near the line (a table row of the right guideline has
    little sentence-level support, yet retrieval ranks it first)."""
    return [p for p in passages if p.relevance >= threshold - PICK_MARGIN]


def _pick_sources(relevant: list[Passage], language: Language) -> list[Passage]:
    """The passages of at most three documents (six passages each), best first; the sentence
    scorer then chooses what to quote (the asker's language first among equals)."""
    strong = sorted(relevant, key=lambda p: -p.fused)  # retrieval order: its ranking is the reliable one
    picked: list[Passage] = []
    per_source: dict[str, int] = {}
    for passage in strong:
        if per_source.get(passage.source, 0) >= PASSAGES_PER_SOURCE:
            continue
        if passage.source not in per_source and len(per_source) == MAX_SOURCES:
            continue
        per_source[passage.source] = per_source.get(passage.source, 0) + 1
        picked.append(passage)
    return picked


def _prefer_language(score: SentenceScorer, language: Language) -> SentenceScorer:
    """Among equally good sentences, quote the one in the asker's language."""
    def scored(sentences: list[str], heading: str) -> list[float]:
        return [value + (0.15 if detect_language(sentence, default=language) == language else 0.0)
                for value, sentence in zip(score(sentences, heading), sentences, strict=True)]

    return scored


def _merge_by_source(passages: list[Passage]) -> list[Passage]:
    """One numbered source per document: passages of the same document are joined in order."""
    merged: dict[str, Passage] = {}
    for passage in passages:
        if passage.source in merged:
            first = merged[passage.source]
            heading = first.heading if first.heading == passage.heading else first.title
            merged[passage.source] = replace(first, text=f"{first.text}\n{passage.text}", heading=heading,
                                             coverage=max(first.coverage, passage.coverage),
                                             dense=max(first.dense, passage.dense))
        else:
            merged[passage.source] = passage
    return list(merged.values())


def _renumber(grounded: GroundedAnswer) -> str:
    """Markers renumbered to the order of the citations list (only cited sources are listed)."""
    mapping = {old: new for new, old in enumerate(grounded.cited, start=1)}
    return re.sub(r"\[(\d+)\]", lambda match: f"[{mapping.get(int(match.group(1)), match.group(1))}]",
                  grounded.answer)


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET_CHARS else flat[: _SNIPPET_CHARS - 1] + "…"
