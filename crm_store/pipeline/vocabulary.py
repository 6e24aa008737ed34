"""The names a question may mention (reps, customers, industries), read once per question."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from crm_store.models import Customer, User
from crm_store.names import customer_mentioned_in, normalize_person_name


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    keys: tuple[str, ...]  # full name first, then family / given name keys


@dataclass
class Vocabulary:
    people: list[Person] = field(default_factory=list)
    customers: list[tuple[int, str, str]] = field(default_factory=list)  # id, name, normalized name
    industries: list[str] = field(default_factory=list)


def _person_keys(name: str) -> tuple[str, ...]:
    full = normalize_person_name(name)
    parts = [normalize_person_name(part) for part in name.replace("\u3000", " ").split()]
    # Family-name keys of one character ("林") would match too much free text.
    return (full, *(part for part in parts if len(part) >= 2 and part != full))


def load_vocabulary(session: Session) -> Vocabulary:
    # Plain columns, not ORM objects: this runs for every question (thousands of customers).
    people = [
        Person(row[0], row[1], row[2], _person_keys(row[1]))
        for row in session.exec(select(User.id, User.name, User.role))
    ]
    customers = [
        (row[0], row[1], row[2])
        for row in session.exec(select(Customer.id, Customer.name, Customer.normalized_name))
    ]
    industries = sorted(row for row in session.exec(select(Customer.industry).distinct()) if row)
    return Vocabulary(people, customers, industries)


def mentioned_customer(vocabulary: Vocabulary, text: str) -> str | None:
    """The longest customer name in the text (after normalization), as the master spells it."""
    return customer_mentioned_in(text, ((name, norm) for _, name, norm in vocabulary.customers))


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
