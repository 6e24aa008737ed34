"""Building Whisper's domain prompt: priorities, languages, the length bound (no database, no model)."""

from __future__ import annotations

from capture.voice_prompt import build_voice_prompt
from core.glossary import Entry, Glossary

GLOSSARY = Glossary(products=[Entry("5軸マシニングセンタ", ("five-axis machining center",))],
                    competitors=[Entry("大和マシナリー", ("Yamato Machinery",))])


def test_customers_come_first_then_glossary_then_sales_words() -> None:
    prompt = build_voice_prompt(GLOSSARY, [("山田製作所", "ヤマダセイサクショ"), ("Pacific Precision", "パシフィックプレシジョン")])
    assert prompt.ja.startswith("山田製作所、パシフィックプレシジョン、大和マシナリー、5軸マシニングセンタ、訪問、")
    assert prompt.en.startswith("Pacific Precision, Yamato Machinery, five-axis machining center, visit,")
    assert prompt.for_language("ja") == prompt.ja and prompt.for_language("en") == prompt.en


def test_a_big_crm_is_cut_to_the_budget_and_keeps_room_for_the_vocabulary() -> None:
    customers = [(f"第{i}精密工業", None) for i in range(500)]
    prompt = build_voice_prompt(GLOSSARY, customers, max_chars=100)
    assert len(prompt.ja) <= 100
    assert "第0精密工業" in prompt.ja and "第499精密工業" not in prompt.ja
    assert "大和マシナリー" in prompt.ja and "訪問" in prompt.ja


def test_no_words_no_prompt() -> None:
    prompt = build_voice_prompt(Glossary(), [], max_chars=0, max_chars_en=0)
    assert prompt.for_language("ja") is None and prompt.for_language("en") is None
