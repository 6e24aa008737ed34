"""Text folding for matching: the one notion of "the same words" across packages."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC (full-width → half-width, ㈱ → (株)), case-folded, runs of whitespace as one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
