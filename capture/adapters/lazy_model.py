"""A model (Whisper, RapidOCR) loaded on first use, once, even when several memos arrive together."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from capture import messages
from core.errors import UserFacingError
from core.i18n import Message

log = logging.getLogger(__name__)


class LazyModel:
    """Holds ``load()``'s model; loading takes seconds and memory, so it waits for the first memo.

    Any load failure (no network to download the weights, an unknown name, a bad file) becomes
    one message (``unavailable``, formatted with ``model``) that names the setting to fix.
    """

    def __init__(self, backend: str, model_name: str, load: Callable[[], Any], *,
                 unavailable: Message = messages.WHISPER_UNAVAILABLE) -> None:
        self.backend = backend
        self.model_name = model_name
        self._load = load
        self._unavailable = unavailable
        self._model: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    self._model = self._load()
                except Exception as error:  # noqa: BLE001 - hub, network and file errors all mean "no weights"
                    log.warning("cannot load %s model %s: %s", self.backend, self.model_name, type(error).__name__)
                    raise UserFacingError(self._unavailable, model=self.model_name) from error
            return self._model
