"""The company glossary: products, competitors, customer nicknames, abbreviations and ja⇔en terms.

An admin edits one YAML file (``SALESBOT_GLOSSARY_PATH``); capture uses it to spot products,
competitors and customers in memos, the knowledge base to expand queries across languages.
A built-in glossary of common sales vocabulary is always merged in.

Format::

    products:      [{name: 5軸マシニングセンタ, aliases: [5軸MC, five-axis machining center]}]
    competitors:   [{name: 大和マシナリー, aliases: [大和, Yamato Machinery]}]
    customers:     [{name: 株式会社山田製作所, aliases: [山田さん]}]
    abbreviations: {MC: マシニングセンタ, PO: 注文書}
    terms:         [[値引き, 値引, ディスカウント, discount], [未入金, unpaid]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.errors import UserFacingError
from core.i18n import Message
from core.text import fold

BUILTIN_PATH = Path(__file__).with_name("glossary_builtin.yaml")

BAD_GLOSSARY = Message(
    en="The glossary {path} is not valid: {problem}.",
    ja="用語集 {path} の形式が正しくありません: {problem}。",
)




@dataclass(frozen=True)
class Entry:
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Glossary:
    products: list[Entry] = field(default_factory=list)
    competitors: list[Entry] = field(default_factory=list)
    customers: list[Entry] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)
    # Groups of interchangeable words (synonyms and translations).
    term_groups: list[tuple[str, ...]] = field(default_factory=list)

    def synonyms(self, term: str) -> set[str]:
        """Every word interchangeable with ``term`` (itself excluded), across languages."""
        key = fold(term)
        found: set[str] = set()
        groups = list(self.term_groups) + [e.spellings for e in self.products + self.competitors + self.customers]
        groups += [(short, long) for short, long in self.abbreviations.items()]
        for group in groups:
            if key in {fold(word) for word in group}:
                found.update(group)
        return {word for word in found if fold(word) != key}

    def expansions(self, text: str) -> set[str]:
        """Words to add to a search for ``text``: synonyms of every glossary word it contains."""
        folded = fold(text)
        extra: set[str] = set()
        groups = list(self.term_groups) + [e.spellings for e in self.products + self.competitors]
        groups += [(short, long) for short, long in self.abbreviations.items()]
        for group in groups:
            if any(fold(word) in folded for word in group if len(fold(word)) >= 2):
                extra.update(word for word in group if fold(word) not in folded)
        return extra

    def merged(self, other: Glossary) -> Glossary:
        return Glossary(
            products=self.products + other.products,
            competitors=self.competitors + other.competitors,
            customers=self.customers + other.customers,
            abbreviations={**self.abbreviations, **other.abbreviations},
            term_groups=self.term_groups + other.term_groups,
        )


def _entries(raw: object, section: str) -> list[Entry]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError(f"“{section}” must be a list")
    entries = []
    for item in raw:
        if isinstance(item, str):
            entries.append(Entry(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            entries.append(Entry(item["name"], tuple(str(a) for a in item.get("aliases") or ())))
        else:
            raise ValueError(f"each entry of “{section}” needs a name")
    return entries


def parse_glossary(data: object) -> Glossary:
    if data is None:
        return Glossary()
    if not isinstance(data, dict):
        raise ValueError("the top level must be a mapping")
    abbreviations = data.get("abbreviations") or {}
    terms = data.get("terms") or []
    if not isinstance(abbreviations, dict) or not isinstance(terms, list):
        raise ValueError("“abbreviations” must be a mapping and “terms” a list of lists")
    return Glossary(
        products=_entries(data.get("products"), "products"),
        competitors=_entries(data.get("competitors"), "competitors"),
        customers=_entries(data.get("customers"), "customers"),
        abbreviations={str(k): str(v) for k, v in abbreviations.items()},
        term_groups=[tuple(str(w) for w in group) for group in terms if isinstance(group, list) and group],
    )


def load_glossary(path: Path | None = None) -> Glossary:
    """The built-in sales vocabulary, merged with the company's file when one is given."""
    builtin = parse_glossary(yaml.safe_load(BUILTIN_PATH.read_text(encoding="utf-8")))
    if path is None:
        return builtin
    try:
        company = parse_glossary(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise UserFacingError(BAD_GLOSSARY, path=path, problem="file not found") from None
    except (yaml.YAMLError, ValueError) as error:
        raise UserFacingError(BAD_GLOSSARY, path=path, problem=str(error).splitlines()[0]) from None
    return builtin.merged(company)
