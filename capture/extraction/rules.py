"""The offline extractor: deterministic rules + CRM names + glossary + GiNZA NER. The default."""

from __future__ import annotations

import re
from datetime import date

from capture.amounts import FoundAmount, find_amounts
from capture.dates import FoundDate, find_dates
from capture.extraction import cues
from capture.extraction.competitors import find_competitors
from capture.extraction.entities import Mention, find_company_names, find_contacts, find_known_customers
from capture.extraction.organizations import (
    find_english_organizations,
    find_sound_alike_customers,
    is_department,
)
from capture.extraction.ner import COMPANY_LABELS, GinzaNer
from capture.extraction.spans import FoldedText, Sentence, normalize_spelling, sentences, span
from capture.ports import ExtractionContext
from capture.schema import ActivityDraft, FieldValue, NextActionDraft, SourceSpan
from core.i18n import detect_language

_FILLERS = re.compile(r"(?:えーと|えーっと|ええと|えっと|えー|あのー|あの、|あの|まあ|うーん|なんか|"
                      r"\b(?:um+|uh+|er+|you know|like,)\b)[、,\s]*", re.I)
_AMOUNT_CUE = re.compile(r"見積|予算|金額|総額|提示|税抜|税込|受注|発注|案件|価格|quote|budget|deal|price|total|PO|"
                         r"order|value", re.I)
# "ケイテックとの一騎打ちで、うちは700万円": after the competitor, our side speaks again.
_OWN_SIDE = re.compile(r"うち|当社|弊社|自社|我々|わが社|\b(?:we|our|us)\b", re.I)
_DISCOUNT_AFTER = re.compile(r"\s*(?:off\b|の?値引|の?値下げ|引き|(?:of )?discount)", re.I)
SUMMARY_LIMIT = 500


def clean_summary(text: str) -> str:
    """The memo as a summary: fillers dropped, whitespace collapsed, cut at a sentence boundary."""
    cleaned = _FILLERS.sub("", text)
    cleaned = re.sub(r"[ \t\u3000]+", " ", cleaned)
    cleaned = re.sub(r"\s*\n\s*", " ", cleaned).strip()
    if len(cleaned) > SUMMARY_LIMIT:
        cut = max(cleaned.rfind("。", 0, SUMMARY_LIMIT), cleaned.rfind(". ", 0, SUMMARY_LIMIT))
        cleaned = cleaned[: cut + 1 if cut > SUMMARY_LIMIT // 2 else SUMMARY_LIMIT].rstrip() + "…"
    return cleaned


def _overlaps(a: SourceSpan, spans: list[SourceSpan]) -> bool:
    return any(a.start < s.end and s.start < a.end for s in spans)


class RuleExtractor:
    """Deterministic extraction; every value carries the span it was read from."""

    name = "rules"

    def __init__(self, ner: GinzaNer | None = None) -> None:
        self.ner = ner

    def extract(self, text: str, context: ExtractionContext) -> ActivityDraft:
        draft = ActivityDraft(language=detect_language(text, default="en"), extractor=self.name)
        # Cues are read on the memo with its spelling variants unified; values are cut from the memo itself.
        parts = sentences(normalize_spelling(text))
        action_indexes = {i for i, s in enumerate(parts) if cues.is_next_action(s)}
        own_spans = [hit for name in context.own_company for hit in FoldedText(text).find_all(name)]
        competitors = find_competitors(text, context.glossary, own_spans)
        competitor_spans = [c.source for c in competitors if c.source]
        draft.competitors = competitors
        organizations = [o for o in find_english_organizations(text) if not _overlaps(o, competitor_spans + own_spans)]
        customer = self._customer(text, context, competitor_spans + own_spans, organizations)
        if customer:
            draft.customer = FieldValue[str](value=customer.value, confidence=customer.confidence,
                                             source=customer.source)
        # "総額さんびゃくまんえん" is money, "Call with Westfield Packaging" an organisation: neither a person.
        money = [SourceSpan(start=a.start, end=a.end, text=a.text) for a in find_amounts(text)]
        excluded = competitor_spans + own_spans + organizations + money + ([customer.source] if customer else [])
        draft.contacts = find_contacts(text, excluded)
        dates = find_dates(text, context.today)
        draft.occurred_on = self._occurred_on(parts, action_indexes, dates, context.today)
        draft.next_actions = self._next_actions(text, parts, action_indexes, dates)
        stage = cues.stage_of(text, parts, action_indexes, competitor_spans)
        if stage:
            draft.deal.stage = FieldValue[str](value=stage[0].value, confidence=0.85, source=span(text, *stage[1:]))
        kind = cues.activity_type_of(parts, action_indexes)
        if kind:
            draft.activity_type = FieldValue(value=kind[0], confidence=0.85, source=span(text, *kind[1:]))
        self._amount(draft, text, parts, competitor_spans)
        summary = clean_summary(text)
        if summary:
            draft.summary = FieldValue[str](value=summary, confidence=0.8, source=span(text, 0, len(text)))
        return draft

    def _customer(self, text: str, context: ExtractionContext, excluded: list[SourceSpan],
                  organizations: list[SourceSpan]) -> Mention | None:
        """The first CRM customer named (exactly, or heard/misspelled: matching says which and how), else the
        first name shaped like a company or standing where an organisation does; never a department."""
        known = [m for m in find_known_customers(text, context.customers, context.glossary)
                 if not _overlaps(m.source, excluded)]
        taken = excluded + [m.source for m in known]
        known += [Mention(source.text, source, confidence, customer_id)
                  for source, customer_id, _, confidence in find_sound_alike_customers(text, context.customers)
                  if not _overlaps(source, taken) and not is_department(source.text)]
        if known:
            return min(known, key=lambda m: (m.source.start, -m.confidence, -len(m.source.text)))
        shaped = [m for m in find_company_names(text) if not _overlaps(m.source, excluded) and not is_department(m.value)]
        if shaped:
            return min(shaped, key=lambda m: m.source.start)
        placed = [Mention(o.text, o, 0.7) for o in organizations if not _overlaps(o, excluded)
                  and not is_department(o.text)]
        if placed:
            return placed[0]
        if self.ner is not None and draft_is_japanese(text):
            for entity in self.ner.entities(text):
                source = SourceSpan(start=entity.start, end=entity.end, text=entity.text)
                if entity.label in COMPANY_LABELS and not _overlaps(source, excluded) and not is_department(entity.text):
                    return Mention(entity.text, source, 0.65)
        return None

    @staticmethod
    def _occurred_on(parts: list[Sentence], action_indexes: set[int], dates: list[FoundDate],
                     today: date) -> FieldValue[date]:
        for index, sentence in enumerate(parts):
            if index in action_indexes:
                continue
            for found in dates:
                if sentence.start <= found.start < sentence.end and found.value <= today:
                    return FieldValue[date](value=found.value, confidence=0.9,
                                            source=SourceSpan(start=found.start, end=found.end, text=found.text))
        # A memo is written on the day of the visit unless it says otherwise.
        return FieldValue[date](value=today, confidence=0.7)

    @staticmethod
    def _next_actions(text: str, parts: list[Sentence], action_indexes: set[int],
                      dates: list[FoundDate]) -> list[NextActionDraft]:
        actions = []
        for index in sorted(action_indexes):
            sentence = parts[index]
            start, end = cues.action_description(sentence)
            if end - start < 2:
                continue
            action = NextActionDraft(description=FieldValue[str](value=text[start:end], confidence=0.8,
                                                                 source=span(text, start, end)))
            due = next((d for d in dates if sentence.start <= d.start < sentence.end), None)
            if due:
                action.due = FieldValue[date](value=due.value, confidence=0.85,
                                              source=SourceSpan(start=due.start, end=due.end, text=due.text))
            actions.append(action)
        return actions

    @staticmethod
    def _amount(draft: ActivityDraft, text: str, parts: list[Sentence], competitor_spans: list[SourceSpan]) -> None:
        candidates: list[tuple[FoundAmount, bool]] = []
        for found in find_amounts(text):
            sentence = next((s for s in parts if s.start <= found.start < s.end), None)
            if sentence is None:
                continue
            before = SourceSpan(start=sentence.start, end=found.start, text="")
            ours = _OWN_SIDE.search(text, max((c.end for c in competitor_spans if c.end <= found.start), default=0),
                                    found.start)
            if _overlaps(before, competitor_spans) and not ours:
                continue  # "ケイテックが1,100万円で提案": the competitor's price, not our deal
            # Within the item: in a note 「960万 値引き要望 5%」 the discount is the next item, not this amount.
            if _DISCOUNT_AFTER.match(text, found.end, sentence.end):
                continue  # "100万円の値引き", "1.2 million yen off": a discount, not the deal's amount
            candidates.append((found, bool(_AMOUNT_CUE.search(sentence.text))))
        if not candidates:
            return
        cued = [c for c, has_cue in candidates if has_cue]
        pool = cued or [c for c, _ in candidates]
        distinct = {(c.value, c.currency) for c in pool}
        chosen = pool[0]
        confidence = 0.9 if cued and len(distinct) == 1 else 0.75 if len(distinct) == 1 else 0.5
        source = SourceSpan(start=chosen.start, end=chosen.end, text=chosen.text)
        draft.deal.amount = FieldValue(value=chosen.value, confidence=confidence, source=source)
        draft.deal.currency = FieldValue[str](value=chosen.currency, confidence=confidence, source=source)


def draft_is_japanese(text: str) -> bool:
    return detect_language(text, default="en") == "ja"
