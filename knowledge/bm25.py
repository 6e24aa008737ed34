"""An in-memory BM25 (Okapi) index over chunk terms, updated incrementally.

Chroma keeps every chunk's terms in its metadata, so the index is rebuilt from the store at
start-up without re-tokenizing; 10k chunks load in well under a second.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable


class Bm25Index:
    def __init__(self, k1: float = 1.4, b: float = 0.6) -> None:
        self.k1 = k1
        self.b = b
        self._postings: dict[str, dict[str, int]] = defaultdict(dict)
        self._lengths: dict[str, int] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._total_length = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self._lengths

    def add(self, chunk_id: str, terms: Iterable[str]) -> None:
        if chunk_id in self._lengths:
            self.remove(chunk_id)
        counts = Counter(terms)
        for term, count in counts.items():
            self._postings[term][chunk_id] = count
        length = sum(counts.values())
        self._lengths[chunk_id] = length
        self._terms[chunk_id] = tuple(counts)
        self._total_length += length

    def remove(self, chunk_id: str) -> None:
        length = self._lengths.pop(chunk_id, None)
        if length is None:
            return
        self._total_length -= length
        for term in self._terms.pop(chunk_id, ()):
            del self._postings[term][chunk_id]
            if not self._postings[term]:
                del self._postings[term]

    def terms_of(self, chunk_id: str) -> tuple[str, ...]:
        return self._terms.get(chunk_id, ())

    def idf(self, term: str) -> float:
        n = len(self._lengths)
        df = len(self._postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, weighted_terms: dict[str, float], limit: int,
               allowed: Callable[[str], bool] | None = None) -> list[tuple[str, float]]:
        """Chunk ids by BM25 score; ``weighted_terms`` lets glossary expansions count for less."""
        if not self._lengths:
            return []
        average = self._total_length / len(self._lengths)
        scores: dict[str, float] = defaultdict(float)
        for term, weight in weighted_terms.items():
            posting = self._postings.get(term)
            if not posting:
                continue
            idf = self.idf(term) * weight
            for chunk_id, tf in posting.items():
                norm = self.k1 * (1 - self.b + self.b * self._lengths[chunk_id] / average)
                scores[chunk_id] += idf * tf * (self.k1 + 1) / (tf + norm)
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if allowed is not None:
            ranked = [item for item in ranked if allowed(item[0])]
        return ranked[:limit]
