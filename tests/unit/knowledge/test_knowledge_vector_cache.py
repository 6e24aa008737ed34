"""`VectorCache`: each text embedded once; a full cache is emptied without losing the texts in hand."""

from __future__ import annotations

import numpy as np

from knowledge.vector_cache import VectorCache


class _Counting:
    """A tiny deterministic embedding (a text's length and its first character), counting what it embeds."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return [[float(len(t)), float(ord(t[0]))] for t in texts]


def test_each_text_is_embedded_once_and_rows_come_in_order() -> None:
    embed = _Counting()
    cache = VectorCache(embed, size=10)
    rows = cache.vectors(["ab", "c", "ab"])
    assert rows.tolist() == [[2.0, 97.0], [1.0, 99.0], [2.0, 97.0]]
    cache.vectors(["c", "ab"])
    assert embed.embedded == ["ab", "c"]


def test_a_full_cache_is_emptied_without_losing_the_texts_in_hand() -> None:
    embed = _Counting()
    cache = VectorCache(embed, size=2)
    cache.vectors(["ab", "c"])
    # "d" does not fit: the cache is emptied, and "ab", cached before, is embedded again with it.
    rows = cache.vectors(["ab", "d"])
    assert rows.tolist() == [[2.0, 97.0], [1.0, 100.0]]
    assert embed.embedded == ["ab", "c", "ab", "d"] and len(cache) == 2


def test_normalized_rows_have_unit_length() -> None:
    cache = VectorCache(_Counting(), size=10, normalize=True)
    assert np.allclose(np.linalg.norm(cache.vectors(["abc", "x"]), axis=1), 1.0)
