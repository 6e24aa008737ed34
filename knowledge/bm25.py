"""An in-memory BM25 (Okapi) index over chunk terms, updated incrementally.

Chroma keeps every chunk's terms in its metadata, so the index is rebuilt from the store at
start-up without re-tokenizing; 10k chunks load in well under a second.

Scoring is vectorized: each chunk has a slot, and a term's posting is turned into two arrays
(slots, term frequencies) the first time a search needs it after it changed. A common term at 100k
chunks has tens of thousands of postings; a Python loop over them cost hundreds of milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import numpy as np


class Bm25Index:
    def __init__(self, k1: float = 1.4, b: float = 0.6) -> None:
        self.k1 = k1
        self.b = b
        self._clear()

    def _clear(self) -> None:
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)  # term -> slot -> frequency
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (slots, frequencies)
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []  # slot -> chunk id (None: a removed chunk's slot)
        self._length_of: list[int] = []  # slot -> number of terms
        self._lengths: np.ndarray | None = None  # _length_of as an array, made when searched
        self._terms: dict[str, tuple[str, ...]] = {}
        self._total_length = 0

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self._slot

    def add(self, chunk_id: str, terms: Iterable[str]) -> None:
        if chunk_id in self._slot:
            self.remove(chunk_id)
        counts = Counter(terms)
        slot = len(self._ids)
        self._ids.append(chunk_id)
        self._slot[chunk_id] = slot
        for term, count in counts.items():
            self._postings[term][slot] = count
        if self._arrays:  # none before the first search: loading 100k chunks skips 5M look-ups
            for term in counts:
                self._arrays.pop(term, None)
        length = sum(counts.values())
        self._length_of.append(length)
        self._lengths = None
        self._terms[chunk_id] = tuple(counts)
        self._total_length += length

    def remove(self, chunk_id: str) -> None:
        slot = self._slot.pop(chunk_id, None)
        if slot is None:
            return
        self._total_length -= self._length_of[slot]
        self._ids[slot] = None
        self._length_of[slot] = 0
        self._lengths = None
        for term in self._terms.pop(chunk_id, ()):
            del self._postings[term][slot]
            self._arrays.pop(term, None)
            if not self._postings[term]:
                del self._postings[term]
        if len(self._ids) > 2 * len(self._slot) + 1024:
            self._compact()

    def _compact(self) -> None:
        """Re-slot the live chunks: re-ingesting sources leaves removed slots behind."""
        chunks = [(chunk_id, Counter({term: self._postings[term][slot] for term in self._terms[chunk_id]}))
                  for chunk_id, slot in self._slot.items()]
        self._clear()
        for chunk_id, counts in chunks:
            self.add(chunk_id, counts.elements())

    def terms_of(self, chunk_id: str) -> tuple[str, ...]:
        return self._terms.get(chunk_id, ())

    def idf(self, term: str) -> float:
        n = len(self._slot)
        df = len(self._postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _posting(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        arrays = self._arrays.get(term)
        if arrays is None:
            posting = self._postings.get(term)
            if not posting:
                return None
            arrays = (np.fromiter(posting.keys(), dtype=np.int64, count=len(posting)),
                      np.fromiter(posting.values(), dtype=np.float64, count=len(posting)))
            self._arrays[term] = arrays
        return arrays

    def search(self, weighted_terms: dict[str, float], limit: int,
               allowed: Callable[[str], bool] | None = None) -> list[tuple[str, float]]:
        """Chunk ids by BM25 score; ``weighted_terms`` lets glossary expansions count for less."""
        if not self._slot:
            return []
        if self._lengths is None:
            self._lengths = np.asarray(self._length_of, dtype=np.float64)
        average = self._total_length / len(self._slot)
        scores = np.zeros(len(self._ids))
        for term, weight in weighted_terms.items():
            posting = self._posting(term)
            if posting is None:
                continue
            slots, tf = posting
            norm = self.k1 * (1 - self.b + self.b * self._lengths[slots] / average)
            scores[slots] += self.idf(term) * weight * tf * (self.k1 + 1) / (tf + norm)
        hits = np.flatnonzero(scores > 0)
        wanted = limit if allowed is None else 4 * limit
        while True:
            found = self._best(hits, scores, wanted, allowed)
            if len(found) >= limit or wanted >= len(hits):
                return found[:limit]
            wanted *= 4  # the asker's filter dropped too many: look further down

    def _best(self, hits: np.ndarray, scores: np.ndarray, wanted: int,
              allowed: Callable[[str], bool] | None) -> list[tuple[str, float]]:
        """The ``wanted`` best hits (and any tied with the last), best first, ties in the order
        chunks were added; then the asker's filter."""
        if len(hits) > wanted:
            cutoff = np.partition(scores[hits], len(hits) - wanted)[len(hits) - wanted]
            hits = hits[scores[hits] >= cutoff]
        ranked = hits[np.lexsort((hits, -scores[hits]))]
        return [(chunk_id, float(scores[slot])) for slot in ranked
                if (chunk_id := self._ids[slot]) is not None and (allowed is None or allowed(chunk_id))]
