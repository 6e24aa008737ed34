"""Competitors in a memo: the glossary's, by any spelling or reading, and any name a competitor cue introduces
(競合は…, 競合:…, …と比較されている, …との相見積, "comparing us with …", "vs …", "Competitor: …")."""

from __future__ import annotations

import re

from capture.extraction.spans import FoldedText, span
from capture.schema import FieldValue, SourceSpan
from core.glossary import Glossary
from core.readings import reading_key
from crm_store.names import normalize_customer_name

_JA_NAME_CHARS = r"[\u30a0-\u30ff\u4e00-\u9fff々ーA-Za-z0-9&＆\-・]"
# 「競合はA」「競合：A、B」「競合がAで」: the names up to the end of the clause.
_JA_AFTER_CUE = re.compile(r"(?:競合(?:他社)?|きょうごう|相見積(?:もり|り)?(?:先)?|対抗)(?:は|が|として|も(?!り)|[:：])\s*(?P<names>[^、。，,.\n/／]+)")
# A note typed as space-separated items: 「競合 ミナト機械」, the name up to the next space.
_JA_NOTE_CUE = re.compile(r"(?:^|(?<=[ \u3000]))(?:競合(?:他社)?|対抗)[ \u3000]+(?P<names>[^\s、。，,.\n/／]+)")
# 「Aと比較されている」「Aとの相見積もり」「Aさんとの比較」「Aと競合」.
_JA_BEFORE_CUE = re.compile(rf"(?P<names>{_JA_NAME_CHARS}+?)(?:さん|社|様)?との?(?:比較|相見積|競合|天秤|競争)")
# What ends a name in the clause after a cue: 「ミナト機械とのこと」「オークマテックで、」「ケイテックです」.
_JA_CLAUSE_END = re.compile(r"(?:とのこと|との話|の模様|みたい|らしい|です|だが|だけど|で(?=$)|だ(?=$)|が(?=$)|"
                            r"も(?=$)|の(?=見積|提案|価格)|[(（]).*$")
# と between names ("大和マシナリーとケイテック"), not inside a name typed in kana ("やまと").
_JA_SPLIT = re.compile(r"(?<![\u3041-\u3096])と(?![\u3041-\u3096])|、|・|および|及び|,|，")
# 「ケイテックさんと、大和マシナリーさん」: the と that joins the next name goes with the honorific.
_HONORIFIC_END = re.compile(r"(?:さん|様|社)(?:と|や)?$")
_EN_CUE = re.compile(r"\b(?:comparing (?:us|our \w+) (?:with|to|against)|compared (?:us )?(?:with|to)|"
                     r"competing (?:with|against)|up against|vs\.?|versus|competitors?\s*(?:is|are|:)|"
                     r"competition\s*(?:is|:))\s+(?P<names>[^.;\n]+)", re.I)
_EN_NAME = re.compile(r"[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*)*")
_EN_JOINERS = re.compile(r"^(?:\s*(?:,|/|&|\band\b|\bor\b)\s*|\s+)+")
# Said of a competitor slot that is empty: 「競合は特になし」「競合不明」, "no competitor".
_NONE_WORDS = {"なし", "無し", "特になし", "特に無し", "不明", "未定", "いない", "ない", "特にない", "none", "n/a", "na"}
_NOT_NAMES = {"他社", "他", "前回", "従来", "現行", "既存", "今回", "価格", "性能", "当社", "弊社", "自社", "うち", "us"}


def find_competitors(text: str, glossary: Glossary, excluded: list[SourceSpan] | None = None) -> list[FieldValue[str]]:
    """Glossary competitors by any spelling, and names after a competitor cue (a glossary name when one
    is spelled or sounds the same, else as written); each once, in order of appearance."""
    found = _glossary_competitors(text, glossary) + _cued_competitors(text, glossary, excluded or [])
    found += [f for f in _listed_with(text, found, glossary)
              if f.source and not any(f.source.start < e.end and e.start < f.source.end
                                      for e in excluded or [])]
    unique: dict[str, FieldValue[str]] = {}
    for competitor in sorted(found, key=lambda f: f.source.start if f.source else 0):
        unique.setdefault(normalize_customer_name(competitor.value or ""), competitor)
    return list(unique.values())


# 「大和マシナリーさんと、あとミナト機械さんも」: a company listed with a known competitor competes too. Only a
# company-shaped name (katakana, or a …機械/工業 name) counts: 「大和さんと田中さんも」 lists people.
_JA_LISTED_AFTER = re.compile(r"(?:さん|様|社)?(?:と|や)[、\s]*(?:あと|それと|それから|また)?[、\s]*"
                              r"(?P<name>[\u30a1-\u30faー]{2,}[\u4e00-\u9fff]{0,4}|[\u4e00-\u9fff々]{1,6}"
                              r"(?:製作所|工業|工機|精機|精工|電子|電装|化学|機械|技研|産業))"
                              r"(?:さん|様|社)?(?=も|が|、|。|$)")


def _listed_with(text: str, known: list[FieldValue[str]], glossary: Glossary) -> list[FieldValue[str]]:
    found = []
    for competitor in known:
        if competitor.source and (match := _JA_LISTED_AFTER.match(text, competitor.source.end)):
            value = match.group("name")
            if value not in _NOT_NAMES and (canonical := _canonical(value, glossary)) is not None:
                found.append(FieldValue[str](value=canonical, confidence=0.7,
                                             source=span(text, *match.span("name"))))
    return found


def _glossary_competitors(text: str, glossary: Glossary) -> list[FieldValue[str]]:
    folded = FoldedText(text)
    found: list[FieldValue[str]] = []
    for entry in glossary.competitors:
        hits = sorted((hit for alias in entry.spellings for hit in folded.find_all(alias)), key=lambda h: h.start)
        if hits:
            found.append(FieldValue[str](value=entry.name, confidence=0.9, source=hits[0]))
    return found


def _cued_competitors(text: str, glossary: Glossary, excluded: list[SourceSpan]) -> list[FieldValue[str]]:
    names: list[tuple[int, int]] = []
    for match in _JA_AFTER_CUE.finditer(text):
        start, clause = match.start("names"), match.group("names")
        clause = _JA_CLAUSE_END.sub("", clause)
        names += _split(clause, start, _JA_SPLIT)
    for match in _JA_NOTE_CUE.finditer(text):
        names += _split(match.group("names"), match.start("names"), _JA_SPLIT)
    for match in _JA_BEFORE_CUE.finditer(text):
        names.append(match.span("names"))
    for match in _EN_CUE.finditer(text):
        position, rest = match.start("names"), match.group("names")
        while True:
            joiner = _EN_JOINERS.match(rest)
            if joiner and joiner.end():
                position, rest = position + joiner.end(), rest[joiner.end():]
            name = _EN_NAME.match(rest)
            if not name:
                break
            end = name.end()
            if rest[end:end + 2] in ("'s", "’s"):
                names.append((position, position + end))
                break
            names.append((position, position + end))
            position, rest = position + end, rest[end:]
    found = []
    for start, end in names:
        while end > start and text[end - 1] in " \u3000":
            end -= 1
        value = text[start:end].strip()
        if (honorific := _HONORIFIC_END.search(value)) and len(value) > len(honorific.group(0)) + 1:
            value, end = value[:honorific.start()], start + honorific.start()
        if len(value) < 2 or value.casefold() in _NONE_WORDS or value in _NOT_NAMES or value.startswith("特に"):
            continue
        if any(start < e.end and e.start < end for e in excluded):
            continue
        canonical = _canonical(value, glossary)
        if canonical is None:
            continue
        found.append(FieldValue[str](value=canonical, confidence=0.8 if canonical != value else 0.75,
                                     source=span(text, start, end)))
    return found


def _split(clause: str, offset: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    parts, position = [], 0
    for match in separator.finditer(clause):
        parts.append((offset + position, offset + match.start()))
        position = match.end()
    parts.append((offset + position, offset + len(clause)))
    return [(s, e) for s, e in parts if e > s]


def _canonical(name: str, glossary: Glossary) -> str | None:
    """The glossary's name for a competitor written or heard as ``name``; None for our own products; else
    ``name`` itself."""
    key = normalize_customer_name(name)
    sound = reading_key(key)
    for entry in glossary.competitors:
        if any(normalize_customer_name(s) == key for s in entry.spellings):
            return entry.name
        if len(sound) >= 4 and any(reading_key(normalize_customer_name(s)) == sound for s in entry.spellings):
            return entry.name
    for entry in glossary.products:
        if any(normalize_customer_name(s) == key for s in entry.spellings):
            return None
    return name
