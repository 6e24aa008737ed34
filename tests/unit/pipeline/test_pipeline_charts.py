import logging

import pytest

from crm_store.pipeline import charts

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_chart_is_a_png_with_japanese_labels():
    png = charts.bar_chart_png(
        "担当者別", ["鈴木 一郎", "Emily Carter"], [70_293_000, 19_800_000], "weighted (JPY)"
    )
    assert png.startswith(PNG_MAGIC) and len(png) > 1000


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_missing_japanese_font_warns_but_still_draws(monkeypatch, caplog):
    monkeypatch.setattr(charts, "_JAPANESE_FONTS", ("No Such Font",))
    charts.japanese_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            png = charts.bar_chart_png("見積", ["鈴木"], [1.0], "amount")
        assert png.startswith(PNG_MAGIC)
        assert "no Japanese font" in caplog.text
    finally:
        charts.japanese_font.cache_clear()


def test_an_installed_japanese_font_is_found_when_present():
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    charts.japanese_font.cache_clear()
    expected = next((name for name in charts._JAPANESE_FONTS if name in installed), None)
    assert charts.japanese_font() == expected
