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
# Where a Latin amount ends: not \b, which fails before Japanese ("$145,000を提示" would read $145).
_END = r"(?![0-9A-Za-z０-９])"
# A thousands separator read as Japanese punctuation: OCR's full-width comma, Whisper's 、 ("1、890万円").
_GROUPING = re.compile(r"(?<=\d)[，、](?=\d{3}(?!\d))")


def unify_digit_grouping(text: str) -> str:
    """``text`` with a full-width comma or 、 between digit groups written as "," (1、890万円 → 1,890万円)."""
    return _GROUPING.sub(",", text)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?:約|およそ)?[¥￥]?\s*(?P<oku>{_N})\s*億\s*(?:(?P<man>{_N})\s*万)?\s*円?"), "oku"),
    (re.compile(rf"[¥￥]?\s*(?P<man>{_N})\s*(?:万\s*円?|まん\s*(?:えん)?)"), "man"),
    (re.compile(rf"[¥￥]\s*(?P<yen>{_N})(?!\s*[万億])"), "yen"),
    (re.compile(rf"(?P<yen>{_N})\s*円"), "yen"),
    (re.compile(rf"(?:US\s?\$|\$|USD\s*)\s*(?P<usd>{_N})\s*(?P<mult>k|K|m|M|million|thousand)?{_END}"), "usd"),
    (re.compile(rf"(?P<usd>{_N})\s*(?P<mult>k|K|million|thousand)?\s*(?:USD|US dollars|dollars){_END}"), "usd"),
    (re.compile(rf"(?:EUR\s*|€\s*)(?P<eur>{_N})\s*(?P<mult>k|K|m|M|million)?{_END}"), "eur"),
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


# Numbers as they are spoken or written out: 三百万円, 二千四百五十万円, 6百万円, 1億2千万円,
# さんびゃくまんえん (speech recognition writes them in kana), "three million yen".
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10_000, "億": 100_000_000}
_KANJI_AMOUNT = re.compile(r"(?<![数何])[0-9０-９〇一二三四五六七八九十百千万億.．]*[〇一二三四五六七八九十百千]"
                           r"[0-9０-９〇一二三四五六七八九十百千万億.．]*(?:円|(?<=[万億])(?!円))")
_KANA_NUMBERS = (("きゅう", "九"), ("じゅう", "十"), ("じゅっ", "十"), ("ひゃく", "百"), ("びゃく", "百"),
                 ("ぴゃく", "百"), ("いち", "一"), ("いっ", "一"), ("さん", "三"), ("よん", "四"), ("ろく", "六"),
                 ("ろっ", "六"), ("なな", "七"), ("はち", "八"), ("はっ", "八"), ("せん", "千"), ("ぜん", "千"),
                 ("まん", "万"), ("おく", "億"), ("えん", "円"), ("に", "二"), ("ご", "五"))
_KANA_NUMBER = "|".join(kana for kana, _ in _KANA_NUMBERS)
_KANA_AMOUNT = re.compile(rf"(?:{_KANA_NUMBER})+?(?:まん|おく)(?:(?:{_KANA_NUMBER})+?まん)?(?:えん)?")
_EN_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1}
_EN_WORD = "|".join(sorted(_EN_NUMBER_WORDS, key=len, reverse=True))
_EN_SPOKEN = re.compile(rf"\b(?P<number>(?:(?:{_EN_WORD}|hundred|and|point|[0-9][0-9,]*(?:\.[0-9]+)?)[\s-]+)+)"
                        r"(?P<mult>billion|million|thousand)\s+(?P<currency>yen|jpy|dollars|usd|euros?|eur)\b", re.I)
_CURRENCY_WORDS = {"yen": "JPY", "jpy": "JPY", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
                   "eur": "EUR"}


def kanji_number(text: str) -> Decimal | None:
    """二千四百五十万 → 24500000; digits may mix in (6百万, 1億2千万); None when it is no number."""
    total, section, digits = Decimal(0), Decimal(0), ""
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isdigit() or ch == ".":
            digits += ch
        elif ch in _KANJI_DIGITS:
            digits += str(_KANJI_DIGITS[ch])
        elif ch in _KANJI_UNITS:
            section += (Decimal(digits) if digits else Decimal(1)) * _KANJI_UNITS[ch]
            digits = ""
        elif ch in _KANJI_BIG:
            amount = section + (Decimal(digits) if digits else Decimal(0))
            total += (amount or Decimal(1)) * _KANJI_BIG[ch]
            section, digits = Decimal(0), ""
        elif ch != ",":
            return None
    try:
        return total + section + (Decimal(digits) if digits else Decimal(0))
    except InvalidOperation:
        return None


def _english_number(words: str) -> Decimal | None:
    """"three" → 3, "two hundred fifty" → 250, "one point five" → 1.5, "1.5" → 1.5."""
    whole, fraction, in_fraction = Decimal(0), "", False
    for word in re.split(r"[\s-]+", words.strip().lower()):
        if not word or word == "and":
            continue
        if word == "point":
            in_fraction = True
        elif word == "hundred":
            whole = (whole or Decimal(1)) * 100
        elif word in _EN_NUMBER_WORDS:
            if in_fraction:
                fraction += str(_EN_NUMBER_WORDS[word])
            else:
                whole += _EN_NUMBER_WORDS[word]
        else:
            try:
                whole += Decimal(word.replace(",", ""))
            except InvalidOperation:
                return None
    return whole + (Decimal(f"0.{fraction}") if fraction else Decimal(0))


def _spoken_amounts(text: str) -> list[tuple[int, int, Decimal, str]]:
    found = []
    for match in _KANJI_AMOUNT.finditer(text):
        value = kanji_number(match.group(0).rstrip("円"))
        if value:
            found.append((match.start(), match.end(), value, "JPY"))
    for match in _KANA_AMOUNT.finditer(text):
        spelled = match.group(0)
        for kana, kanji in _KANA_NUMBERS:
            spelled = spelled.replace(kana, kanji)
        value = kanji_number(spelled.rstrip("円"))
        if value:
            found.append((match.start(), match.end(), value, "JPY"))
    for match in _EN_SPOKEN.finditer(text):
        number = _english_number(match.group("number"))
        if number:
            found.append((match.start(), match.end(), number * _MULTIPLIERS[match.group("mult").lower()]
                          if match.group("mult").lower() != "billion" else number * 1_000_000_000,
                          _CURRENCY_WORDS[match.group("currency").lower()]))
    return found


def find_amounts(text: str) -> list[FoundAmount]:
    """Every amount of money in ``text`` (non-overlapping, in order), written in digits, in kanji or kana
    numerals, or in English words."""
    taken: list[tuple[int, int]] = []
    found: list[FoundAmount] = []
    for start, end, value, currency in _spoken_amounts(text):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        found.append(FoundAmount(Decimal(int(value)) if value == value.to_integral() else value, currency, start,
                                 end, text[start:end]))
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
