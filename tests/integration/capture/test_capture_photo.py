"""Photos of notes through the real OCR engines: RapidOCR (the default) and tesseract (the option)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from bot.settings import Settings
from bot.wiring import Services, build_services
from capture.adapters.rapidocr import RapidOcrEngine
from capture.adapters.tesseract import TesseractOcrEngine
from capture.service import CaptureService
from core.errors import UserFacingError
from tests.conftest import DEMO_TODAY
from tests.integration.capture.capture_media import (
    MediaUnavailable,
    character_error_rate,
    render_handwritten,
    render_note,
    require_binary,
)

NOTE = ["11/19 三協金型 訪問 小野課長", "高速マシニングセンタ 見積提示 1,980万円", "大和マシナリーと比較中",
        "次回: 12/5までに納期回答"]


@pytest.fixture
def capture(demo_services: Services) -> CaptureService:
    assert demo_services.capture is not None
    return demo_services.capture


def handwritten(lines: list[str], path: Path, **options: object) -> Path:
    try:
        return render_handwritten(lines, path, **options)  # type: ignore[arg-type]
    except MediaUnavailable as missing:
        pytest.skip(str(missing))


def test_rapidocr_is_the_default_engine(capture: CaptureService) -> None:
    assert isinstance(capture.ocr, RapidOcrEngine)


def test_handwriting_style_photo_becomes_a_draft(capture: CaptureService, tmp_path: Path) -> None:
    photo = handwritten(NOTE, tmp_path / "IMG_0001.jpg", font="klee", seed=3, tilt=3.0)
    input_id = capture.store_file(photo.read_bytes(), filename="IMG_0001.HEIC", mime_type="image/heic",
                                  origin="slack")
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.kind == "photo"
    assert view.customer.status == "matched" and view.customer.name == "三協金型(株)"
    assert view.deal is not None and view.deal.name == "高速マシニングセンタ 増設"
    assert view.draft.deal.amount.value == Decimal("19800000")
    assert view.draft.occurred_on.value.isoformat() == "2026-11-19"
    assert [a.due.value.isoformat() for a in view.draft.next_actions] == ["2026-12-05"]
    assert [c.value for c in view.draft.competitors] == ["大和マシナリー"]


@pytest.mark.parametrize("font", ["klee", "kiloji"])
def test_handwriting_style_fonts_are_read_line_by_line(capture: CaptureService, tmp_path: Path, font: str) -> None:
    lines = ["12月3日 北斗電子工業 訪問", "鈴木部長と打ち合わせ", "立形マシニングセンタ 2台 見積依頼", "予算は800万円 来週回答"]
    photo = handwritten(lines, tmp_path / f"{font}.jpg", font=font, seed=7, tilt=2.0, blur=1.0, jpeg_quality=60)
    result = capture.read_image(photo)
    assert len(result.lines) == len(lines)
    for written, read in zip(lines, result.lines, strict=True):
        assert character_error_rate(written, read.text) < 0.15, (written, read.text)
    assert all(0.5 < line.confidence <= 1.0 for line in result.lines)


def test_reading_order_joins_columns_of_one_line_on_a_tilted_page(capture: CaptureService, tmp_path: Path) -> None:
    # Wide gaps split a line into several text boxes; tilt makes the right one sit higher or lower.
    lines = ["顧客 三協金型" + " " * 18 + "担当 小野", "日付 11/19" + " " * 22 + "種別 訪問", "見積 1,980万円",
             "競合 大和マシナリー" + " " * 12 + "次回 12/5"]
    photo = handwritten(lines, tmp_path / "form.jpg", font="kiloji", seed=11, tilt=4.0)
    result = capture.read_image(photo)
    assert len(result.lines) == 4
    for written, read in zip(lines, result.lines, strict=True):
        assert character_error_rate(written, read.text) < 0.15, (written, read.text)
    assert result.lines[0].text.index("三協") < result.lines[0].text.index("小野")


def test_ocr_keeps_per_line_confidence(capture: CaptureService, tmp_path: Path) -> None:
    photo = render_note(["Visited Pacific Precision", "Budget $45k, next call Friday"], tmp_path / "en.jpg")
    result = capture.read_image(photo)
    assert [line.text for line in result.lines] == ["Visited Pacific Precision", "Budget $45k, next call Friday"]
    assert all(0.5 < line.confidence <= 1.0 for line in result.lines)


def test_small_heic_photo_is_read(capture: CaptureService, tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    photo = render_note(["山田製作所 訪問", "見積 350万円"], tmp_path / "small.png", size=18)
    heic = tmp_path / "small.heic"
    Image.open(photo).save(heic, format="HEIF")
    input_id = capture.store_file(heic.read_bytes(), filename=None, mime_type=None, origin="cli")
    assert capture.get_input(input_id).kind == "photo"
    view = capture.draft(input_id, today=DEMO_TODAY)
    assert view.draft.deal.amount.value == Decimal("3500000")


def test_image_with_no_text(capture: CaptureService) -> None:
    blank = io.BytesIO()
    Image.new("RGB", (800, 600), (240, 240, 240)).save(blank, format="JPEG")
    input_id = capture.store_file(blank.getvalue(), filename="a.jpg", mime_type="image/jpeg", origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "No readable text" in error.value.message("en")
    assert capture.get_input(input_id).status == "failed"


def test_corrupt_image(capture: CaptureService, tmp_path: Path) -> None:
    photo = render_note(["山田製作所"], tmp_path / "note.jpg")
    input_id = capture.store_file(photo.read_bytes()[:300], filename="a.jpg", mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "could not be read" in error.value.message("en")


def test_image_over_the_pixel_limit(capture: CaptureService, tmp_path: Path) -> None:
    capture.config.limits = capture.config.limits.__class__(max_megapixels=0.1)
    capture.ocr.max_megapixels = 0.1  # type: ignore[attr-defined]
    photo = render_note(["山田製作所 訪問"] * 8, tmp_path / "big.png", size=60)
    input_id = capture.store_file(photo.read_bytes(), filename=None, mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "megapixels" in error.value.message("en") and "0.1" in error.value.message("en")
    assert "メガピクセル" in error.value.message("ja")
    assert capture.get_input(input_id).status == "failed"


def test_tesseract_stays_an_option(settings: Settings, tmp_path: Path) -> None:
    require_binary("tesseract")
    services = build_services(settings.model_copy(update={"ocr_engine": "tesseract"}))
    try:
        assert services.capture is not None and isinstance(services.capture.ocr, TesseractOcrEngine)
        result = services.capture.read_image(render_note(NOTE, tmp_path / "note.png", rotate=2.5))
        assert "大和マシナリー" in result.text.replace(" ", "")
    finally:
        services.close()
