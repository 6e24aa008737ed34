"""A Japanese transcript written as a typed memo would be (capture/spoken_text.py)."""

from __future__ import annotations

import pytest

from capture.spoken_text import normalize_transcript, restore_words, split_run_on_sentences


def test_a_thousands_separator_heard_as_a_comma() -> None:
    assert normalize_transcript("金額は1、890万円です。") == "金額は1,890万円です。"


@pytest.mark.parametrize(("heard", "meant"), [
    ("来週水用に再訪します", "来週水曜に再訪します"),
    ("今週金用に回答予定", "今週金曜に回答予定"),
    ("金用までに見積書を送ります", "金曜までに見積書を送ります"),
    ("再来週月よう日に訪問します", "再来週月曜日に訪問します"),
])
def test_weekdays_written_with_a_homophone(heard: str, meant: str) -> None:
    assert normalize_transcript(heard) == meant


def test_a_word_of_another_meaning_stays() -> None:
    assert normalize_transcript("飲料水用のタンクを見ました") == "飲料水用のタンクを見ました"


@pytest.mark.parametrize(("heard", "meant"), [
    ("石田家庁と面談しました", "石田課長と面談しました"),
    ("担当渡辺かかり庁", "担当渡辺係長"),
    ("ハイエイメディテック浜松さんの石田家長と打ち合わせ", "ハイエイメディテック浜松さんの石田課長と打ち合わせ"),
])
def test_job_titles_written_as_words_of_the_same_reading(heard: str, meant: str) -> None:
    assert restore_words(heard) == meant


def test_a_title_word_not_after_a_name_stays() -> None:
    assert restore_words("家庭の家長として") == "家庭の家長として"
    assert restore_words("小野課長と面談") == "小野課長と面談"


def test_a_comma_run_is_cut_into_sentences() -> None:
    assert split_run_on_sentences("訪問、見積980万円提出、競合はケイテック、今週金曜に回答予定。") == (
        "訪問、見積980万円提出、競合はケイテック。今週金曜に回答予定。")
    assert split_run_on_sentences("正式に発注いただきました、金額は640万円です。") == "正式に発注いただきました。金額は640万円です。"
    # A clause that only mentions a day is not cut off: 「来週の訪問に向けて」 opens the memo.
    assert split_run_on_sentences("金額は、えー、三百万円で受注です。") == "金額は、えー、三百万円で受注です。"


def test_english_is_left_alone() -> None:
    assert normalize_transcript("Budget is 1,200 dollars, next Friday.") == "Budget is 1,200 dollars, next Friday."


@pytest.mark.parametrize(("heard", "meant"), [
    ("北党電子工業公媒部法門", "北党電子工業公媒部訪問"),
    ("石田家庁と麺断で", "石田課長と面談で"),
    ("小林部長来者、ファイバー、レーザー、ネビキ、工商中", "小林部長来社、ファイバー、レーザー、値引き、交渉中"),
])
def test_sales_words_written_as_words_of_the_same_reading(heard: str, meant: str) -> None:
    assert restore_words(heard) == meant


def test_words_that_only_sound_close_stay() -> None:
    assert restore_words("水盛りをしました") == "水盛りをしました"  # ミズモリ, not ミツモリ
    assert restore_words("見積もりを提出しました") == "見積もりを提出しました"
