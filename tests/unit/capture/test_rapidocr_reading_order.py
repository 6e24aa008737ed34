"""RapidOCR's text boxes put back into lines, in reading order (no model needed)."""

from __future__ import annotations

import math

from capture.adapters.rapidocr import (
    PlacedLine,
    TextBox,
    _characters_per_box,
    join_wrapped,
    placed_lines,
    reading_order,
    spaced_text,
)


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


# -- spaces inside a box, from the gaps between its characters ---------------------------------------------

def chars(text: str, width: float, gaps: dict[int, float]) -> list[tuple[str, tuple[float, float]]]:
    """``text``'s characters (spaces left out) side by side, ``width`` wide, with an extra gap before index i."""
    result, x = [], 0.0
    for index, ch in enumerate(text.replace(" ", "")):
        x += gaps.get(index, 2.0)
        result.append((ch, (x, x + width)))
        x += width
    return result


def test_a_space_the_recognizer_dropped_comes_back_from_the_gap() -> None:
    # 「三協金型 訪問 小野課長」 read as one run: the gaps before 訪 and 小 are 0.4 of the box's height.
    read = "三協金型訪問小野課長"
    assert spaced_text(read, chars(read, 40, {4: 20, 6: 20}), height=50) == "三協金型 訪問 小野課長"


def test_close_characters_and_punctuation_get_no_space() -> None:
    read = "訪問、見積提出"
    # 0.2 of the height between two kanji is inside a word; after 、 the glyph's own blank is no space.
    assert spaced_text(read, chars(read, 40, {1: 10, 3: 25}), height=50) == read


def test_latin_letters_need_a_wider_gap_than_kanji() -> None:
    read = "toMs.Ortega."
    # After the period the glyph's own blank is no evidence (capture.ocr_text puts English spacing back).
    assert spaced_text(read, chars(read, 20, {2: 19, 5: 27}), height=50) == "to Ms.Ortega."
    assert spaced_text(read, chars(read, 20, {2: 14}), height=50) == read


def test_no_space_inside_a_capitalized_word_or_before_a_small_kana() -> None:
    assert spaced_text("Metalworks", chars("Metalworks", 20, {1: 22}), height=50) == "Metalworks"
    assert spaced_text("ロボットアーム", chars("ロボットアーム", 40, {2: 20}), height=50) == "ロボットアーム"


def test_characters_that_do_not_spell_the_box_are_not_used() -> None:
    assert spaced_text("三協金型訪問", chars("三協金型", 40, {2: 30}), height=50) == "三協金型訪問"
    assert spaced_text("三協金型訪問", None, height=50) == "三協金型訪問"


def test_character_boxes_are_matched_to_their_text_box() -> None:
    square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    # RapidOCR leaves out a box without characters: the second text box has none here.
    words = ((("A", 0.9, square), ("B", 0.9, square)), (("D", 0.9, square),))
    found = _characters_per_box(("A B", "C", "D"), words)
    assert [None if f is None else "".join(ch for ch, _ in f) for f in found] == ["AB", None, "D"]


# -- lines the writer wrapped ------------------------------------------------------------------------------

def placed(text: str, right: float, *, left: float = 0.0, first_word: float = 100.0, height: float = 50.0,
           confidence: float = 0.9, columns: bool = False) -> PlacedLine:
    return PlacedLine(text, confidence, left, right, height, first_word, columns)


def test_an_english_name_cut_by_the_line_end_is_joined() -> None:
    lines = [placed("Met Ms. Rivera at Harbor Foods", 1000), placed("Corp. Their team wants a quote", 980, first_word=110),
             placed("for two systems.", 500, first_word=60)]
    # "Corp." would not have fitted after line 1; "for" would have fitted after line 2, but line 2 is full too.
    assert [line.text for line in join_wrapped(lines)] == [
        "Met Ms. Rivera at Harbor Foods Corp. Their team wants a quote for two systems."]


def test_short_lines_whose_next_word_would_have_fitted_stay_apart() -> None:
    lines = [placed("Visited Acme Corp today and we", 1000), placed("talked about the new line.", 800),
             placed("Next:", 200, first_word=100), placed("send brochure", 450, first_word=100)]
    assert [line.text for line in join_wrapped(lines)] == [
        "Visited Acme Corp today and we talked about the new line.", "Next:", "send brochure"]


def test_a_note_of_short_lines_is_not_joined() -> None:
    lines = [placed("富岳工機 森さん TEL", 600), placed("横形MC 稟議中", 400, first_word=45)]
    assert [line.text for line in join_wrapped(lines)] == ["富岳工機 森さん TEL", "横形MC 稟議中"]


def test_bullets_start_their_own_line() -> None:
    lines = [placed("・訪問: 株式会社ひかり電装の製造部", 1000), placed("・面談: 中島部長、購買部 河合さん", 990, first_word=45)]
    assert len(join_wrapped(lines)) == 2


def test_japanese_joins_without_a_space_and_a_cut_number_always_joins() -> None:
    lines = [placed("昨日、武蔵野ダイカストの佐々木課長とWeb会議。バリ取り", 1000),
             placed("ロボットの追加2台について提案書を説明しました。金額は1,", 1000, first_word=45),
             placed("480万円。年明け1月7日までに回答をもらう予定です。", 900, first_word=20)]
    [line] = join_wrapped(lines)
    assert line.text == ("昨日、武蔵野ダイカストの佐々木課長とWeb会議。バリ取りロボットの追加2台について提案書を説明しました。"
                         "金額は1,480万円。年明け1月7日までに回答をもらう予定です。")


def test_a_note_that_spaces_its_words_keeps_a_space_where_it_was_wrapped() -> None:
    lines = [placed("若葉プレス 生産技術部 打合せ 溶接ロボ 提案書", 1000),
             placed("提出済 1,250万 来週金曜までに回答", 800, first_word=150), placed("競合なし", 200, first_word=180)]
    assert [line.text for line in join_wrapped(lines)] == [
        "若葉プレス 生産技術部 打合せ 溶接ロボ 提案書 提出済 1,250万 来週金曜までに回答", "競合なし"]


def test_two_lines_of_japanese_prose_cut_mid_sentence_are_joined() -> None:
    lines = [placed("光電装中島さん来社。外観検査カメラ増設の相談。概算で", 1000),
             placed("6百万円。来週木曜までに見積", 550, first_word=20)]
    assert [line.text for line in join_wrapped(lines)] == ["光電装中島さん来社。外観検査カメラ増設の相談。概算で6百万円。来週木曜までに見積"]
    # A note's lines have no 。 or 、: they stay apart however wide.
    note = [placed("北斗電子工業購買部訪問", 1000), placed("担当渡辺係長", 600, first_word=45)]
    assert len(join_wrapped(note)) == 2


def test_two_lines_are_too_few_to_tell_a_wrap() -> None:
    lines = [placed("Visited Pacific Precision", 900), placed("Budget $45k, next call Friday", 1000, first_word=250)]
    assert len(join_wrapped(lines)) == 2


def test_a_joined_line_scores_its_characters() -> None:
    lines = [placed("aaaa bbbb", 1000, confidence=1.0), placed("cc", 300, first_word=400, confidence=0.4),
             placed("dddd eeee", 990)]
    [first, *_] = join_wrapped(lines)
    assert first.text == "aaaa bbbb cc" and first.confidence == round((9 * 1.0 + 2 * 0.4) / 11, 3)


def test_lines_of_a_form_stay_apart() -> None:
    lines = [placed("顧客 三協金型 担当 小野", 1000, columns=True), placed("日付 11/19 種別 訪問", 990, columns=True),
             placed("見積 1,980万円", 400)]
    assert len(join_wrapped(lines)) == 3


def test_boxes_far_apart_on_a_line_are_columns() -> None:
    [form, prose] = placed_lines([box("顧客 三協金型", 0, 0, 280), box("担当 小野", 600, 0, 200),
                                  box("見積 1,980万円", 0, 100, 300), box("提出", 330, 100, 80)])
    assert form.columns and not prose.columns
