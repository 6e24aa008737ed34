"""Name normalization, the one function every matcher uses (CSV import, capture, ERP sync).

"株式会社 山田製作所", "(株)山田製作所", "㈱山田製作所 御中" and "ヤマダ製作所"? The first three are one
customer; the last is not (a different spelling is a different name until a person says so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

# After NFKC, ㈱ becomes (株) and full-width parentheses become ASCII ones.
_JA_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|"
    r"\((?:株|有|合|同|資|名)\)"
)
# English legal forms, stripped only as a separate last word ("Limited Edition Foods" and
# "Costco" survive).
_EN_LEGAL_SUFFIX = re.compile(
    r"[\s,.]+(?:co\.?,?\s*ltd\.?|company\s+limited|inc\.?|incorporated|corp\.?|corporation|"
    r"llc|l\.l\.c\.|ltd\.?|limited|gmbh|k\.k\.|kk|plc|co\.?)\s*$"
)
# Words that end a Japanese company's name by saying what kind of business it is, and that people drop when
# they speak of it (大洋化学工業 → 「大洋化学さん」): memos find company names by them, matching finds short names.
COMPANY_KINDS = ("製作所", "工業", "工機", "精機", "精工", "電子", "電装", "化学", "金型", "商事", "産業", "機械",
                 "技研", "テック")
MIN_SHORT_NAME = 3
_HONORIFIC_SUFFIX = re.compile(r"(?:御中|様|さま|さん|殿|くん|君)+\s*$")
_SEPARATORS = re.compile(r"[\s\u3000]+")


def _strip_punctuation_and_spaces(text: str) -> str:
    # Keep letters, digits and marks; drop punctuation, symbols and spaces. "ー" (a letter
    # modifier, category Lm) survives, so katakana readings stay intact.
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")


def normalize_customer_name(name: str) -> str:
    """The key two spellings of one company share: NFKC, case-folded, without legal forms,
    honorifics, spaces or punctuation. Falls back to the cleaned full name rather than ""."""
    text = unicodedata.normalize("NFKC", name or "").casefold().strip()
    text = _HONORIFIC_SUFFIX.sub("", text)
    text = _JA_LEGAL_FORMS.sub(" ", text)
    previous = None
    while previous != text:  # "Foo Co., Ltd. Inc" style stacks
        previous = text
        text = _EN_LEGAL_SUFFIX.sub("", text)
    key = _strip_punctuation_and_spaces(text)
    if key:
        return key
    return _strip_punctuation_and_spaces(unicodedata.normalize("NFKC", name or "").casefold())


def without_legal_form(name: str) -> str:
    """The name as written (NFKC), without its legal form: "株式会社山田製作所" → "山田製作所",
    "Pacific Precision Inc." → "Pacific Precision". Falls back to the whole name rather than ""."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    short = _JA_LEGAL_FORMS.sub("", text)
    previous = None
    while previous != short:
        previous = short
        short = re.sub(_EN_LEGAL_SUFFIX.pattern, "", short, flags=re.IGNORECASE)
    return short.strip() or text


def short_names(key: str) -> list[str]:
    """A normalized company name (`normalize_customer_name`) without its last kind-of-business word, then
    without the one before it, as long as what is left is a name of its own: three characters at least (山田,
    北斗 are family names as often as companies) and no kind word alone. 大洋化学工業 → [大洋化学]."""
    shorts = []
    while True:
        kind = next((k for k in COMPANY_KINDS if key.endswith(k) and len(key) - len(k) >= MIN_SHORT_NAME), None)
        if kind is None:
            return shorts
        key = key[: -len(kind)]
        if key in COMPANY_KINDS:
            return shorts
        shorts.append(key)


def by_short_name(named: Iterable[tuple[T, str]]) -> dict[str, list[T]]:
    """Each short name of ``named`` (item, normalized company name) → the items it is a short name of, in order:
    one item is a match, several are not."""
    found: dict[str, list[T]] = {}
    for item, key in named:
        for short in short_names(key):
            found.setdefault(short, []).append(item)
    return found


def normalize_person_name(name: str) -> str:
    """A person's key: NFKC, case-folded, no spaces, honorifics or punctuation ("鈴木 一郎さん")."""
    text = unicodedata.normalize("NFKC", name or "").casefold().strip()
    text = _HONORIFIC_SUFFIX.sub("", text)
    return _strip_punctuation_and_spaces(text)


def normalize_text_key(text: str) -> str:
    """A loose key for free-text labels (deal names, stage labels): NFKC, case-folded, no spaces."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return _SEPARATORS.sub("", folded).strip()


def customer_mentioned_in(text: str, customers: Iterable[tuple[str, str]]) -> str | None:
    """The longest customer, of (name, normalized name) pairs, whose key appears in ``text``.

    Keys of one character are ignored: they would match inside almost any sentence.
    """
    key = normalize_customer_name(text)
    found = [(len(norm), name) for name, norm in customers if len(norm) >= 2 and norm in key]
    return max(found)[1] if found else None
