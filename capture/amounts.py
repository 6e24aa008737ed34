"""Money in memos: 350万円, 1.2億円, 1億2,000万円, ¥2,400,000, 税抜き880万, $45k, USD 120,000."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class FoundAmount:
    value: Decimal
    currency: str
    start: int
    end: int
    text: str


_N = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?:約|およそ)?[¥￥]?\s*(?P<oku>{_N})\s*億\s*(?:(?P<man>{_N})\s*万)?\s*円?"), "oku"),
    (re.compile(rf"[¥￥]?\s*(?P<man>{_N})\s*万\s*円?"), "man"),
    (re.compile(rf"[¥￥]\s*(?P<yen>{_N})(?!\s*[万億])"), "yen"),
    (re.compile(rf"(?P<yen>{_N})\s*円"), "yen"),
    (re.compile(rf"(?:US\s?\$|\$|USD\s*)\s*(?P<usd>{_N})\s*(?P<mult>k|K|m|M|million|thousand)?\b"), "usd"),
    (re.compile(rf"(?P<usd>{_N})\s*(?P<mult>k|K|million|thousand)?\s*(?:USD|US dollars|dollars)\b"), "usd"),
    (re.compile(rf"(?:EUR\s*|€\s*)(?P<eur>{_N})\s*(?P<mult>k|K|m|M|million)?\b"), "eur"),
]
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}


_OCR_COMMA = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def _number(raw: str, yen_unit: bool = False) -> Decimal | None:
    text = unicodedata.normalize("NFKC", raw).replace(",", "")
    if yen_unit and _OCR_COMMA.match(text):
        # "1.980万円": OCR read a thousands comma as a period; nobody writes 万 to three decimals.
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _value(match: re.Match[str], kind: str) -> tuple[Decimal, str] | None:
    groups = match.groupdict()
    if kind == "oku":
        oku = _number(groups["oku"])
        man = _number(groups["man"]) if groups.get("man") else Decimal(0)
        if oku is None or man is None:
            return None
        return oku * 100_000_000 + man * 10_000, "JPY"
    if kind == "man":
        man = _number(groups["man"], yen_unit=True)
        return (man * 10_000, "JPY") if man is not None else None
    if kind == "yen":
        yen = _number(groups["yen"], yen_unit=True)
        return (yen, "JPY") if yen is not None else None
    raw = groups.get("usd") or groups.get("eur")
    number = _number(raw or "")
    if number is None:
        return None
    mult = _MULTIPLIERS.get((groups.get("mult") or "").lower(), 1)
    return number * mult, "USD" if kind == "usd" else "EUR"


def find_amounts(text: str) -> list[FoundAmount]:
    """Every amount of money in ``text`` (non-overlapping, in order)."""
    taken: list[tuple[int, int]] = []
    found: list[FoundAmount] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            while start < end and text[start].isspace():
                start += 1
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            parsed = _value(match, kind)
            if parsed is None or parsed[0] <= 0:
                continue
            value, currency = parsed
            taken.append((start, end))
            found.append(FoundAmount(Decimal(int(value)) if value == value.to_integral() else value,
                                     currency, start, end, text[start:end].rstrip()))
    return sorted(found, key=lambda a: a.start)


def parse_amount(text: str) -> tuple[Decimal, str] | None:
    """The first amount in ``text`` as (value, currency)."""
    found = find_amounts(text)
    return (found[0].value, found[0].currency) if found else None
