"""The same knowledge base against a real Chroma server (SALESBOT_CHROMA_URL → HttpClient)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.demo.dataset import DATA_DIR
from crm_store.db import Database
from knowledge.factory import DEFAULT_EMBEDDING_MODEL, build_knowledge

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    executable = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(executable).exists():
        pytest.skip("the `chroma` server executable (from the chromadb package) is not installed")
    port = _free_port()
    process = subprocess.Popen([executable, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
                                "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the chroma server did not start within 30 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'salesbot.db'}")
    database.migrate()
    service, _ = build_knowledge(database, chroma_dir=tmp_path / "unused", chroma_url=chroma_url,
                                 embedding_model=DEFAULT_EMBEDDING_MODEL, glossary_path=DATA_DIR / "glossary.yaml")
    report = service.ingest_paths([DATA_DIR / "knowledge" / "en-demo-unit-lending.md"])
    assert report.count("added") == 1
    assert not (tmp_path / "unused").exists()  # nothing embedded locally
    hits = service.search("How long can a demo unit be lent?", ["everyone"])
    assert hits and hits[0].source.endswith("en-demo-unit-lending.md")
    assert service.remove(hits[0].source) and service.store.count() == 0
    database.dispose()
