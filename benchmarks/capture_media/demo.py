"""A `CaptureService` on the demo CRM in a temporary folder, as the product builds it (for timing drafts)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from capture.service import CaptureService


@contextmanager
def demo_capture(**settings_overrides: Any) -> Iterator[CaptureService]:
    from bot.demo.dataset import DATA_DIR, load_demo_data
    from bot.settings import Settings
    from bot.wiring import build_services

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None, data_dir=Path(folder) / "data", database_url=None, chroma_url=None,
                            llm=None, glossary_path=DATA_DIR / "glossary.yaml", slack_bot_token=None,
                            slack_signing_secret=None, slack_app_token=None, **settings_overrides)
        services = build_services(settings)
        try:
            load_demo_data(services.crm, Path(folder) / "import", today=None)
            assert services.capture is not None
            yield services.capture
        finally:
            services.close()
