"""Japanese-aware chunking: sentences end at 。！？ (and . ! ? in English), headings start new
sections, list items and table rows stay whole, and neighbouring chunks overlap by a sentence
or two so an answer spanning a boundary is still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.models import Chunk

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+・•]|\d+[.)．]|[(（]?\d+[)）])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
# Split after Japanese sentence ends (no space needed) or after English ones followed by space.
# A period ends a sentence only after a word ("1." of a numbered list and "1.5" do not).
_SENTENCE_END = re.compile(r"(?<=[。！？!?])\s*|(?<=[A-Za-z)\]\"”'][.])\s+(?=[A-Z0-9\"“(「『])")


@dataclass(frozen=True)
class ChunkingConfig:
    max_chars: int = 480
    overlap_chars: int = 120


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph; Japanese ends (。！？) and English ends both count."""
    parts = [part.strip() for part in _SENTENCE_END.split(text)]
    return [part for part in parts if part]


def passage_sentences(text: str) -> list[str]:
    """The sentences of a chunk's text, each once: a table row or list item is one, a paragraph
    line is split at sentence ends. What a passage is quoted and its sentence vectors made by."""
    found: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|"):
            found.append(line)  # a table row is one fact
        elif line:
            found.extend(split_sentences(line))
    return list(dict.fromkeys(found))  # overlapping chunks repeat sentences


def _units(text: str) -> list[tuple[str, str]]:
    """(heading path, unit) pairs: a unit is a sentence, a list item or a table row."""
    units: list[tuple[str, str]] = []
    headings: list[tuple[int, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            for sentence in split_sentences(" ".join(paragraph)):
                units.append((_path(headings), sentence))
            paragraph.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            headings[:] = [h for h in headings if h[0] < level] + [(level, heading.group(2).strip())]
            units.append((_path(headings), "\x00"))  # section boundary marker
        elif not line:
            flush()
        elif _TABLE_RULE.match(line):
            continue
        elif line.startswith("|") or _LIST_ITEM.match(line):
            flush()
            units.append((_path(headings), line))
        else:
            paragraph.append(line)
    flush()
    return units


def _path(headings: list[tuple[int, str]]) -> str:
    return " > ".join(title for _, title in headings)


def _oversize(sentence: str, limit: int) -> list[str]:
    """A sentence longer than a chunk (minified text, a wall of text) in chunk-sized pieces."""
    return [sentence[i:i + limit] for i in range(0, len(sentence), limit)] or [sentence]


def chunk_text(text: str, config: ChunkingConfig = ChunkingConfig()) -> list[Chunk]:
    """Chunks of at most about ``max_chars`` characters, each labelled with its section heading."""
    chunks: list[Chunk] = []
    current: list[str] = []
    heading = ""
    fresh = 0  # units in `current` not already in the previous chunk (the overlap is not fresh)

    def emit() -> None:
        nonlocal current, fresh
        if fresh and current:
            chunks.append(Chunk(index=len(chunks), text="\n".join(current), heading=heading))
        # Carry the last sentences over as overlap, within the overlap budget.
        carried: list[str] = []
        size = 0
        for unit in reversed(current):
            if size + len(unit) > config.overlap_chars:
                break
            carried.insert(0, unit)
            size += len(unit)
        current, fresh = carried, 0

    for unit_heading, unit in _units(text):
        if unit == "\x00" or unit_heading != heading:
            emit()
            current, heading = [], unit_heading  # no overlap across sections
            if unit == "\x00":
                continue
        for piece in _oversize(unit, config.max_chars):
            if current and sum(len(u) + 1 for u in current) + len(piece) > config.max_chars:
                emit()
            current.append(piece)
            fresh += 1
    emit()
    return chunks
