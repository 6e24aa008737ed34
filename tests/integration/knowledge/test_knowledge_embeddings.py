"""The embedding adapter: the bundled model offline, and a clear error for a model that is not on disk."""

from __future__ import annotations

import pytest

from core.errors import UserFacingError
from knowledge import messages as m
from knowledge.adapters.sentence_transformers import SentenceTransformerEmbedder

pytestmark = pytest.mark.slow


def test_bundled_model_embeds_offline_and_ranks_by_meaning() -> None:
    embedder = SentenceTransformerEmbedder()
    query = embedder.embed_query("How long can a demo unit be lent?")
    near, far = embedder.embed_documents(["Demo units can be lent for up to 14 days.",
                                          "Invoices are paid at the end of the following month."])
    assert len(query) == 384

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(query, near) > cosine(query, far) + 0.2


def test_a_model_that_is_not_on_disk_is_a_clear_error_not_a_download() -> None:
    embedder = SentenceTransformerEmbedder("salesbot-test/no-such-model")
    with pytest.raises(UserFacingError) as caught:
        embedder.embed_query("hello")
    assert caught.value.template is m.EMBEDDING_MODEL_MISSING
    assert "salesbot-test/no-such-model" in caught.value.message("ja")
