"""Photos of notes through real Pillow preprocessing and real tesseract (jpn+eng)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from bot.wiring import Services
from capture.service import CaptureService
from core.errors import UserFacingError
from tests.conftest import DEMO_TODAY
from tests.integration.capture.capture_media import render_note, require_binary

NOTE = ["11/19 三協金型 訪問 小野課長", "高速マシニングセンタ 見積提示 1,980万円", "大和マシナリーと比較中",
        "次回: 12/5までに納期回答"]


@pytest.fixture
def capture(demo_services: Services) -> CaptureService:
    require_binary("tesseract")
    assert demo_services.capture is not None
    return demo_services.capture


def test_photo_of_notes_becomes_a_draft(capture: CaptureService, tmp_path: Path) -> None:
    photo = render_note(NOTE, tmp_path / "note.png", rotate=2.5)
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


def test_ocr_keeps_per_line_confidence(capture: CaptureService, tmp_path: Path) -> None:
    photo = render_note(["Visited Pacific Precision", "Budget $45k, next call Friday"], tmp_path / "en.jpg")
    result = capture.read_image(photo)
    assert len(result.lines) == 2
    assert "Pacific Precision" in result.lines[0].text
    assert all(0.5 < line.confidence <= 1.0 for line in result.lines)


def test_small_photo_is_upscaled_and_heic_is_read(capture: CaptureService, tmp_path: Path) -> None:
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
    capture.ocr.max_megapixels = 0.1
    photo = render_note(["山田製作所 訪問"] * 8, tmp_path / "big.png", size=60)
    input_id = capture.store_file(photo.read_bytes(), filename=None, mime_type=None, origin="slack")
    with pytest.raises(UserFacingError) as error:
        capture.draft(input_id)
    assert "megapixels" in error.value.message("en")
