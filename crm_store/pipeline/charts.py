"""PNG bar charts for grouped answers, with a Japanese font when one is installed."""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

# Tried in order; fonts-ipaexfont-gothic (Debian) provides the first.
_JAPANESE_FONTS = ("IPAexGothic", "IPAGothic", "Noto Sans CJK JP", "Noto Sans JP", "TakaoGothic", "VL Gothic")


@lru_cache(maxsize=1)
def japanese_font() -> str | None:
    """The family name of an installed Japanese font, or None (logged once)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in _JAPANESE_FONTS:
        if name in installed:
            return name
    log.warning("no Japanese font found (install fonts-ipaexfont-gothic); chart labels may show boxes")
    return None


def compact_number(value: float, language: str) -> str:
    """Axis ticks people read at a glance: 7,000万 / 1.2億 (ja), 70M / 1.2B (en)."""
    size = abs(value)
    if language == "ja":
        if size >= 1e8:
            return f"{value / 1e8:,.4g}億"
        return f"{value / 1e4:,.0f}万" if size >= 1e4 else f"{value:,.0f}"
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= limit:
            return f"{value / limit:,.4g}{suffix}"
    return f"{value:,.0f}"


def bar_chart_png(
    title: str, labels: list[str], values: list[float], value_label: str, language: str = "en"
) -> bytes:
    """A horizontal bar chart, largest first as given; never raises for odd labels."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    from matplotlib.figure import Figure

    font = japanese_font()
    rc: dict[str, Any] = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with matplotlib.rc_context(rc):
        height = 1.2 + 0.4 * max(len(labels), 1)
        figure = Figure(figsize=(7, min(height, 12)), dpi=100)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        axes.barh(positions, values, color="#2b6cb0")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_title(title)
        axes.set_xlabel(value_label)
        axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        axes.xaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda x, _pos: compact_number(x, language))
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
