"""The names a question may mention (reps, customers, industries), read once per question.

Names are matched as written (kanji, any spelling that normalizes the same) and, for words written in
romaji or kana, by their reading (`core.readings`): "Sato", 「サトウ」 and 佐藤 are one rep. Readings come
from the users' and customers' kana columns when filled, else from Sudachi; they are computed only when
a question has a romaji or kana word left over, and cached per name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from core.readings import company_reading_key, reading_key
from crm_store.models import Customer, User
from crm_store.names import MIN_SHORT_NAME, customer_mentioned_in, normalize_customer_name, normalize_person_name

# A reading shorter than this ("ito", "oda") is matched whole only, never as a prefix.
_MIN_PREFIX = 5


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    keys: tuple[str, ...]  # full name first, then family / given name keys
    kana: str | None = None

    @property
    def readings(self) -> tuple[str, ...]:
        """Reading keys: the full name (both orders), then each part ("sato", "kenta")."""
        return person_readings(self.name, self.kana)


@dataclass(frozen=True)
class CustomerName:
    id: int
    name: str
    normalized: str
    kana: str | None = None

    @property
    def reading(self) -> str:
        # The kana column may carry the legal form (カブシキガイシャ…); the reading key drops it.
        return company_reading_key(self.normalized, self.kana)


@dataclass
class Vocabulary:
    people: list[Person] = field(default_factory=list)
    customers: list[CustomerName] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)


def _person_keys(name: str) -> tuple[str, ...]:
    full = normalize_person_name(name)
    parts = [normalize_person_name(part) for part in name.replace("\u3000", " ").split()]
    # Family-name keys of one character ("林") would match too much free text.
    return (full, *(part for part in parts if len(part) >= 2 and part != full))


@lru_cache(maxsize=8192)
def person_readings(name: str, kana: str | None) -> tuple[str, ...]:
    parts = (kana or name).replace("\u3000", " ").split()
    keys = [reading_key(part) for part in parts]
    whole = ["".join(keys), "".join(reversed(keys))] if len(keys) > 1 else []
    return tuple(dict.fromkeys(k for k in (*whole, *keys) if k))


def load_vocabulary(session: Session) -> Vocabulary:
    # Plain columns, not ORM objects: this runs for every question (thousands of customers).
    people = [
        Person(row[0], row[1], row[2], _person_keys(row[1]), row[3])
        for row in session.exec(select(User.id, User.name, User.role, User.kana))
    ]
    customers = [
        CustomerName(*row)
        for row in session.exec(
            select(Customer.id, Customer.name, Customer.normalized_name, Customer.kana)
        )
    ]
    industries = sorted(row for row in session.exec(select(Customer.industry).distinct()) if row)
    return Vocabulary(people, customers, industries)


def mentioned_customer(vocabulary: Vocabulary, text: str) -> str | None:
    """The longest customer name in the text (after normalization), as the master spells it."""
    return customer_mentioned_in(text, ((c.name, c.normalized) for c in vocabulary.customers))


def mentioned_people(vocabulary: Vocabulary, text: str) -> list[Person]:
    """Users whose full name, or a family/given name unique among users, appears in the text."""
    key = normalize_person_name(text)
    full = [p for p in vocabulary.people if p.keys[0] in key]
    if full:
        return full
    hits: dict[str, list[Person]] = {}
    for person in vocabulary.people:
        for part in person.keys[1:]:
            if part in key:
                hits.setdefault(part, []).append(person)
    return [people[0] for people in hits.values() if len(people) == 1]


def people_by_reading(vocabulary: Vocabulary, written: str) -> list[Person]:
    """Users whose name, family name or given name sounds like ``written`` ("Sato", 「さとう」)."""
    return [p for p in vocabulary.people if sounds_like(written, p.name, p.kana)]


def sounds_like(written: str, name: str, kana: str | None = None) -> bool:
    """Whether ``written`` is the reading of a person's name, family name or given name."""
    key = _loose(reading_key(written))
    return bool(key) and key in {_loose(r) for r in person_readings(name, kana)}


def _approx(key: str) -> str:
    """For suggestions only: English spellings of loanwords against their katakana reading
    ("Aoba Medical" ~ アオバメディカル aobamedikaru): c/k, v/b, l/r are one sound."""
    return _loose(re.sub(r"c(?!h)", "k", key).replace("v", "b"))


def _loose(key: str) -> str:
    """Japanese has no l/r or final -y/-i contrast: エミリー (emiri) is "Emily"."""
    return re.sub(r"y$", "i", key.replace("l", "r"))


def customers_by_reading(vocabulary: Vocabulary, written: str) -> list[CustomerName]:
    """Customers whose reading is ``written``'s, or starts with it ("Hokuto Denshi" → 北斗電子工業)."""
    key = reading_key(written)
    if not key:
        return []
    exact = [c for c in vocabulary.customers if c.reading == key]
    if exact or len(key) < _MIN_PREFIX:
        return exact
    return [c for c in vocabulary.customers if c.reading.startswith(key)]


def similar_names(vocabulary: Vocabulary, written: str, limit: int = 3) -> list[str]:
    """Reps and customers whose reading or spelling is close to ``written``, best first ("did you mean")."""
    key = _approx(reading_key(written) or normalize_person_name(written))
    if len(key) < 2:
        return []
    choices: dict[str, str] = {}
    for person in vocabulary.people:
        for reading in (*person.readings, *person.keys):
            choices.setdefault(f"{person.name}\x00{reading}", _approx(reading))
    for customer in vocabulary.customers:
        for reading in (customer.reading, customer.normalized):
            choices.setdefault(f"{customer.name}\x00{reading}", _approx(reading))
    found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=80, limit=limit * 4)
    names = [choice.split("\x00")[0] for _, _, choice in found]
    # The start of a customer's name (「東海オート」 for 東海オートパーツ), first.
    start = normalize_customer_name(written)
    starting = [c.name for c in vocabulary.customers
                if len(start) >= MIN_SHORT_NAME and c.normalized.startswith(start) and c.normalized != start]
    return list(dict.fromkeys(starting + names))[:limit]
