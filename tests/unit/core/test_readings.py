"""Readings: spellings that sound alike share a key; different names don't."""

import pytest

from core.readings import katakana, reading_key, romaji


@pytest.mark.parametrize(("heard", "written"), [
    ("山田政策書", "山田製作所"),          # a homophone from speech recognition
    ("ヤマダセイサクショ", "山田製作所"),
    ("Yamada Seisakusho", "山田製作所"),
    ("Sato Kenta", "佐藤 健太"),           # long vowel dropped in romaji
    ("Hokuto Denshi", "北斗電子"),
    ("さとう", "佐藤"),
])
def test_spellings_of_one_sound_share_a_key(heard: str, written: str) -> None:
    assert reading_key(heard) == reading_key(written)


def test_different_names_have_different_keys() -> None:
    assert reading_key("山田製作所") != reading_key("山本製作所")
    assert reading_key("佐藤") != reading_key("斎藤")


def test_katakana_and_romaji() -> None:
    assert katakana("北斗電子") == "ホクトデンシ"
    assert romaji("山本") == "yamamoto"
    assert katakana("ACME") == "ACME"


def test_company_reading_key_prefers_the_kana_column_and_drops_legal_forms() -> None:
    from core.readings import company_reading_key

    assert company_reading_key("山田製作所", "カブシキガイシャヤマダセイサクショ") == "yamadaseisakusho"
    assert company_reading_key("高森精工") == company_reading_key("高森成功") == "takamoriseiko"
    assert company_reading_key("光電装", "ヒカリデンソウ") != company_reading_key("光電装")  # the column wins


def test_sound_spans_read_each_run_of_words_on_its_own() -> None:
    from core.readings import sound_spans

    text = "本日、高森成功さんに電話。"
    runs = {(text[s.start:s.end], s.key) for s in sound_spans(text)}
    assert ("高森成功", "takamoriseiko") in runs
    assert all(s.start < s.end and "、" not in text[s.start:s.end] for s in sound_spans(text))
