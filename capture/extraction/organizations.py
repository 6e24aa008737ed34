"""Which names in a memo are organisations: CRM customers heard or misspelled (by reading and by shape),
English organisation names told from person names by position and cue, and departments (never a customer)."""

from __future__ import annotations

import re

from capture.extraction.spans import span
from capture.matching import SHAPE_MATCH_CONFIDENCE, SOUND_MATCH_CONFIDENCE, SoundIndex
from capture.ports import KnownCustomer
from capture.schema import SourceSpan
from core.readings import sound_spans
from crm_store.names import normalize_customer_name

# 品質保証部, 購買課, 情報システム室, 生産技術グループ, "procurement department", "the purchasing team".
_DEPARTMENT = re.compile(r"(?:部|課|室|係|グループ|チーム|センター|本部|事業部|部門)$|"
                         r"\b(?:department|dept\.?|team|division|procurement|purchasing|group)$", re.I)
# A reading this long is specific enough to look for in running text by similarity, not only equality.
_MIN_SIMILAR_KEY = 8

_CAP_WORD = r"[A-Z][\w&'\-]*"
_EN_NAME = rf"{_CAP_WORD}(?:\s+(?:&\s+)?{_CAP_WORD}){{0,3}}"
# Where an organisation's name stands: "visited X", "at X", "from X", "of X", "update on X", "Visit: X",
# "Call with X — spoke to …", and "X: …" at the start of a memo.
_EN_ORG_CUES = [
    re.compile(rf"\b(?i:visited|visiting|at|from|of|update on|re:|(?:visit|customer|client|account)\s*:)\s+"
               rf"(?P<name>{_EN_NAME})"),
    re.compile(rf"\b(?:[Cc]all|[Mm]eeting|[Mm]et|[Ss]poke|[Tt]alked)\s+(?:with|w/)\s+(?P<name>{_EN_NAME})"
               rf"(?=\s*(?:[—–:]|-\s|today|this|yesterday|\.|$)|['’]s?\s)"),
    # "Call summary - Bluefin Marine Systems", "Notes: …", "Update – …".
    re.compile(rf"\b(?i:summary|notes?|recap|update)\s*[-—–:]\s*(?P<name>{_EN_NAME})"),
    re.compile(rf"^\s*(?P<name>{_EN_NAME})\s*[:—–]\s", re.M),
]
# A capitalized phrase right before one of these is a person ("Laura Chen, their plant manager",
# "Jim Hale (Northgate Tools)", "Anna Vogel at Greenline").
_PERSON_AFTER = re.compile(r"^\s*(?:,\s*(?:the |their |our )?[A-Za-z]|\((?:[A-Z]|the )|at\s+[A-Z]|called|said|says|"
                           r"asked|mentioned|wants|confirmed|emailed|joined)")
# "Fwd from Jim Hale (Northgate Tools)": the organisation in parentheses after the person a message is from.
_EN_ORG_IN_PARENS = re.compile(rf"\b(?i:from|by|with)\s+[A-Z][a-z]+\s[A-Z][a-z]+\s\((?P<name>{_EN_NAME})\)")
_NOT_ORGS = {"The", "We", "They", "Next", "Visit", "Call", "Meeting", "Met", "With", "Today", "Tomorrow", "Quote",
             "Deal", "Budget", "Contact", "Attendees", "Competitor", "Competitors", "Follow", "Quick", "Note",
             "Notes", "Summary", "Update", "Email", "Phone", "PO", "Our", "Their", "Mr", "Ms", "Mrs", "Dr", "QA",
             "Next Step", "Next Steps", "Action", "Actions", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
             "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Japan", "Tokyo", "Osaka"}


def is_department(name: str) -> bool:
    """A department or team of some company (品質保証部, "procurement department"): never the customer."""
    return bool(_DEPARTMENT.search(normalize_customer_name(name)) or _DEPARTMENT.search(name.strip()))


def find_sound_alike_customers(text: str, customers: list[KnownCustomer]) -> list[tuple[SourceSpan, int | None,
                                                                                           str, float]]:
    """Runs of words that sound like a CRM customer (山田政策書 → 山田製作所) or are spelled close to one:
    (span, customer id — None when several sound alike, method, confidence), longest and surest first."""
    index = SoundIndex(customers)
    if not index.by_key:
        return []
    hits = []
    for run in sound_spans(text):
        written = normalize_customer_name(text[run.start:run.end])
        match = index.lookup(run.key, written, similar=len(run.key) >= _MIN_SIMILAR_KEY)
        if match.method == "none":
            continue
        customer = match.customer
        confidence = SOUND_MATCH_CONFIDENCE if match.method == "reading" else SHAPE_MATCH_CONFIDENCE
        rank = 0 if match.method == "reading" else 1
        hits.append((rank, -(run.end - run.start), run.start, span(text, run.start, run.end),
                     customer.id if customer else None, match.method, confidence))
    chosen: list[tuple[SourceSpan, int | None, str, float]] = []
    for _, _, _, source, customer_id, method, confidence in sorted(hits, key=lambda h: h[:3]):
        if any(source.start < c[0].end and c[0].start < source.end for c in chosen):
            continue
        chosen.append((source, customer_id, method, confidence))
    return sorted(chosen, key=lambda c: c[0].start)


def find_english_organizations(text: str) -> list[SourceSpan]:
    """Capitalized names that stand where an organisation does (after "visited", "at", "Call with X —")
    and are not followed by what marks a person (", plant manager", "(Director)", "called")."""
    found: dict[int, SourceSpan] = {}
    for pattern in _EN_ORG_CUES:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            name = match.group("name")
            # "Met Ms. Rivera" / "at Harbor Foods Corp.": a title before it is a person; a 's after is owned.
            name = re.sub(r"(?:'s|’s|'|’)$", "", name)
            end = start + len(name)
            if name in _NOT_ORGS or name.split()[0] in _NOT_ORGS or _PERSON_AFTER.match(text[end:]):
                continue
            if re.search(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s*$", text[:start]):
                continue
            # "Director of Operations", "VP of Sales": a title, not an organisation.
            if re.search(r"\b(?:[Dd]irector|VP|[Hh]ead|[Mm]anager|[Cc]hief|[Pp]resident|[Ll]ead)\s+of\s+$", text[:start]):
                continue
            found.setdefault(start, span(text, start, end))
    for match in _EN_ORG_IN_PARENS.finditer(text):
        name = match.group("name")
        # "(procurement manager)" is a title; "(Northgate Tools)" a name: every word capitalized, no title word.
        if not re.search(r"(?i)\b(?:manager|director|engineer|buyer|lead|head|officer|president|owner|CEO|CFO|CTO|VP)\b",
                         name):
            found.setdefault(match.start("name"), span(text, *match.span("name")))
    return sorted(found.values(), key=lambda s: s.start)
