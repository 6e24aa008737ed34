"""RapidOCR's text boxes put back into lines, in reading order (no model needed)."""

from __future__ import annotations

import math

from capture.adapters.rapidocr import TextBox, reading_order


def box(text: str, x: float, y: float, width: float, height: float = 40.0, *, tilt_degrees: float = 0.0,
        score: float = 0.9) -> TextBox:
    """A box whose top-left corner is (x, y), rotated about the page origin by ``tilt_degrees``."""
    angle = math.radians(tilt_degrees)

    def turn(px: float, py: float) -> tuple[float, float]:
        return (px * math.cos(angle) - py * math.sin(angle), px * math.sin(angle) + py * math.cos(angle))

    corners = ((x, y), (x + width, y), (x + width, y + height), (x, y + height))
    return TextBox(text, score, tuple(turn(px, py) for px, py in corners))


def test_boxes_of_one_line_are_joined_left_to_right_and_lines_go_top_down() -> None:
    boxes = [box("担当 小野", 600, 20, 200), box("次回 12/5", 40, 140, 220), box("顧客 三協金型", 40, 22, 280),
             box("見積 1,980万円", 40, 80, 300)]
    assert [line.text for line in reading_order(boxes)] == ["顧客 三協金型 担当 小野", "見積 1,980万円", "次回 12/5"]


def test_a_tilted_page_keeps_its_lines_apart() -> None:
    # At 5 degrees the right-hand box of line 1 sits lower than the left-hand box of line 2 does.
    boxes = [box("顧客 三協金型", 40, 100, 300, tilt_degrees=5), box("担当 小野", 900, 100, 200, tilt_degrees=5),
             box("日付 11/19", 40, 160, 220, tilt_degrees=5), box("種別 訪問", 900, 160, 200, tilt_degrees=5)]
    assert boxes[1].points[0][1] > boxes[2].points[0][1]
    assert [line.text for line in reading_order(boxes)] == ["顧客 三協金型 担当 小野", "日付 11/19 種別 訪問"]


def test_a_line_scores_its_characters_by_their_box() -> None:
    [line] = reading_order([box("山田製作所", 0, 0, 200, score=1.0), box("訪問", 260, 0, 80, score=0.4)])
    assert line.confidence == round((5 * 1.0 + 2 * 0.4) / 7, 3)


def test_no_boxes_no_lines() -> None:
    assert reading_order([]) == []
