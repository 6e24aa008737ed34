"""PP-OCR's Chinese readings of Japanese photos put right (capture/ocr_text.py)."""

from __future__ import annotations

import pytest

from capture import ocr_text
from capture.ocr_text import correct_ocr_lines, fix_katakana_lookalikes, mark_bullets, to_japanese_glyphs


def _in_jis(ch: str) -> bool:
    try:
        ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return True


def test_every_simplified_glyph_is_one_japanese_never_uses_and_maps_to_a_japanese_one() -> None:
    for simplified, japanese in ocr_text._SIMPLIFIED.items():
        assert not _in_jis(simplified) or simplified in ocr_text.JIS_VARIANTS, simplified
        assert _in_jis(japanese) and japanese != simplified, simplified


def test_simplified_glyphs_become_japanese_in_a_japanese_photo() -> None:
    assert correct_ocr_lines(["富岳工機 森さんTEL 横形MC禀议中 年内に结论 竞合 大和", "面谈者：生产技术课 森田主任"]) == [
        "富岳工機 森さんTEL 横形MC稟議中 年内に結論 競合 大和", "面談者：生産技術課 森田主任"]


def test_a_chinese_photo_is_left_as_it_is() -> None:
    lines = ["这是我们的产品", "价格很合理"]
    assert correct_ocr_lines(lines) == lines
    assert to_japanese_glyphs("业务") == "業務"


@pytest.mark.parametrize(("read", "meant"), [
    ("株式会社才力モ卜精工", "株式会社オカモト精工"),
    ("外観検査力メラ増設", "外観検査カメラ増設"),
    ("協働口ボットの導入", "協働ロボットの導入"),
    ("溶接口ボ 提案書", "溶接ロボ 提案書"),
    ("レ一ザ一加工機", "レーザー加工機"),
    ("ニ千四百五十万円", "二千四百五十万円"),
    ("え一、六百四十万円", "えー、六百四十万円"),
])
def test_lookalikes_inside_katakana_words(read: str, meant: str) -> None:
    assert fix_katakana_lookalikes(read) == meant


@pytest.mark.parametrize("text", ["ロボット工業", "協力メーカー", "電力メーター", "カメラ一台", "ライン二本", "一ヶ月後",
                                  "人口", "もう一つ", "第一カメラ"])
def test_kanji_that_belong_to_a_word_stay(text: str) -> None:
    assert fix_katakana_lookalikes(text) == text


def test_dashes_that_start_several_lines_are_bullets() -> None:
    assert mark_bullets(["一東海オートパーツ訪問", "一生産技術課 石井係長", "-レーザー切断機"]) == [
        "- 東海オートパーツ訪問", "- 生産技術課 石井係長", "- レーザー切断機"]
    # One line starting with 一 is a word (一度), and 一、 is the end of a wrapped えー、.
    assert mark_bullets(["一度訪問", "来週再訪"]) == ["一度訪問", "来週再訪"]
    assert mark_bullets(["一、検査", "一、六百"]) == ["一、検査", "一、六百"]


def test_english_punctuation_gets_its_space_back() -> None:
    assert correct_ocr_lines(["palletizing,budget not set. director，Helen Brooks.They are", "Co.- spoke to Dan",
                              "(contact：Anna Vogel)", "a thank-you note to U.S. Steel, $145，000",
                              "Brightwater Foods Inc.today, 120k USD.Competitor: see www.example.com",
                              "a note toMs. Ortega"]) == [
        "palletizing, budget not set. director, Helen Brooks. They are", "Co. - spoke to Dan",
        "(contact: Anna Vogel)", "a thank-you note to U.S. Steel, $145,000",
        "Brightwater Foods Inc. today, 120k USD. Competitor: see www.example.com", "a note to Ms. Ortega"]
