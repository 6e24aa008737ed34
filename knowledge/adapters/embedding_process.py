"""Embedding in child processes, for ingest: a folder's next batch is embedded there, shared among
them, while this process chunks it and writes the previous one to chroma.

Why a process: a thread could not do it. USE's forward pass and chroma's writes both hold the GIL
long enough that two threads ran no faster than one (1k chunks in 11.6–12.4 s either way). Why a
plain child on pipes rather than `multiprocessing`: its spawn and forkserver start methods import the
parent's main module again in the child (a CLI, a benchmark script), and fork copies a process that
holds chroma's and the database's threads and locks.

The child is ``python -m knowledge.adapters.embedding_process MODEL``; each message is a 4-byte
length and a pickle (texts one way, a float32 array back), over its stdin and its stdout.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from knowledge.ports import Embedder

log = logging.getLogger(__name__)

_HEADER = struct.Struct("<I")
MIN_TEXTS = 1000  # from this many texts at once the child embeds: its start (~1.4 s, once) is then worth it
# One child per core (at most 4): with one, this process idled while its child embedded (2 cores, 10k chunks:
# this process 30 s of CPU, the child ~33 s, 44-47 s wall); a batch split among two fills both cores.
CHILDREN = max(1, min(4, os.cpu_count() or 1))
_ROOT = Path(__file__).resolve().parents[2]  # the child imports this package from here


def _send(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None  # the other side closed the pipe
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("embedding process: message cut short")
    return payload


class ProcessEmbedder:
    """`Embedder` whose large batches of documents (a folder's, a reindex's) are embedded by child
    processes (`CHILDREN`, started on first use, the model loaded in each once), each a share of the
    batch; questions and a few texts (a Slack thread) stay in this process. If a child cannot start or
    dies, everything is embedded here, and the log says so."""

    def __init__(self, local: Embedder, children: int = CHILDREN) -> None:
        self.local = local
        self.model_id = local.model_id
        self.children = children
        self._children: list[subprocess.Popen[bytes]] = []
        self._broken = False
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if len(texts) < MIN_TEXTS:
            return self.local.embed_documents(texts) if texts else []
        with self._lock:
            if not self._broken:
                try:
                    return self._in_children(texts)
                except (OSError, EOFError, pickle.UnpicklingError) as error:
                    log.warning("embedding process failed (%s): embedding in this process",
                                type(error).__name__)
                    self._broken = True
                    self._stop()
        return self.local.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.local.embed_query(text)

    def _in_children(self, texts: list[str]) -> list[Any]:
        if not self._children:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(
                p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
            self._children = [subprocess.Popen([sys.executable, "-m", __name__, self.model_id],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
                              for _ in range(self.children)]
        share = -(-len(texts) // len(self._children))
        parts = [texts[i:i + share] for i in range(0, len(texts), share)]
        busy = self._children[:len(parts)]
        for child, part in zip(busy, parts, strict=True):  # all start before any is waited for
            assert child.stdin is not None
            _send(child.stdin, pickle.dumps(part))
        vectors: list[Any] = []
        for child in busy:
            assert child.stdout is not None
            reply = _receive(child.stdout)
            if reply is None:
                raise EOFError(f"embedding process exited ({child.poll()})")
            vectors.extend(pickle.loads(reply))
        return vectors

    def _stop(self) -> None:
        children, self._children = self._children, []
        for child in children:
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    try:
                        stream.close()  # the child's read ends: it exits
                    except OSError:
                        pass  # a dead child: nothing left to flush to
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    def close(self) -> None:
        with self._lock:
            self._stop()


def _serve(model_id: str) -> int:
    """The child: embed each message of texts until the parent closes the pipe."""
    import numpy as np

    from knowledge.embedders import make_embedder

    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the replies
    embedder = make_embedder(model_id)
    requests = sys.stdin.buffer
    while (message := _receive(requests)) is not None:
        texts = pickle.loads(message)
        _send(replies, pickle.dumps(np.asarray(embedder.embed_documents(texts), dtype=np.float32)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve(sys.argv[1]))
