"""Vectors of short texts (a passage's sentences, single words), each embedded on first sight; the
cache is emptied when full, since the same few guidelines answer most questions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np


class VectorCache:
    def __init__(self, embed: Callable[[list[str]], Sequence[Sequence[float]]], size: int,
                 normalize: bool = False) -> None:
        self.embed = embed
        self.size = size
        self.normalize = normalize
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order (float32; unit length with ``normalize``)."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
            if missing:
                if len(self._vectors) + len(missing) > self.size:
                    self._vectors.clear()  # and this call's texts that were cached are embedded again
                    missing = list(dict.fromkeys(texts))
                vectors = np.asarray(self.embed(missing), dtype=np.float32)
                if self.normalize:
                    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
                self._vectors.update(zip(missing, vectors, strict=True))
            return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)
