"""The kind of value a question asks for, and whether a sentence states one."""

from __future__ import annotations

import pytest

from knowledge.answer_type import ask_and_context, asked_for


@pytest.mark.parametrize(("question", "kind"), [
    ("保守契約の解約手数料はいくら?", "money"),
    ("How much does a spot repair visit cost?", "money"),
    ("保守契約の年間料金の相場はどれくらい?", "money"),
    ("補助金の採択率は何%?", "percent"),
    ("what percentage of the target lands in Q4?", "percent"),
    ("与信調査って何営業日かかる?", "time"),
    ("How long can we lend a demo unit?", "time"),
    ("In what year was the club founded?", "time"),
    ("デモ機は同時に何台まで貸せる?", "count"),
    ("how many visits do I shadow?", "count"),
    ("横形マシニングセンタって何機種あるの?", "count"),
    ("What is the maximum discount?", "figure"),
    # Asks for no value: a rate of exchange is not a percentage, a procedure is no figure.
    ("What exchange rate do we use for USD deals?", None),
    ("What is the price of a booth at a trade show?", "money"),
    ("What is the price revision schedule?", None),  # "the price …" names a topic, not a value
    ("値引きを求められたらどうすればいいですか?", None),
    ("見積金額の承認ルールは?", None),
    ("展示会のブースは誰が設営する?", None),
    ("効率よく回るには?", None),
])
def test_the_kind_of_value_asked_for(question: str, kind: str | None) -> None:
    found = asked_for(question)
    assert (found.name if found else None) == kind


@pytest.mark.parametrize(("question", "sentence", "stated"), [
    ("いくら?", "| 鈴木 一郎 | 120,000,000 |", True),  # a table's bare amount
    ("いくら?", "交換部品は約180万円です。", True),
    ("いくら?", "大和マシナリーは2027年4月に値上げする見込み。", False),  # a date is no amount
    ("What discount can I give?", "Up to 5% at the rep's discretion.", True),
    ("何%?", "採択後、交付決定は翌月になります。", False),
    ("何%?", "更新率の目標は９５％です。", True),  # full-width, folded
    ("何日以内?", "2営業日以内にお礼メールを送る。", True),
    ("How many visits?", "1. Shadow a senior rep.", False),  # a list's number is no figure
    ("How many visits?", "Shadow at least three visits.", True),
])
def test_a_sentence_states_the_kind_or_not(question: str, sentence: str, stated: bool) -> None:
    kind = asked_for(question)
    assert kind is not None and kind.stated_in(sentence) is stated


@pytest.mark.parametrize(("question", "ask", "situation"), [
    ("大和マシナリーと相見積で、うちが10%高いって言われてる。主軸交換っていくらで計算すればいい？",
     "主軸交換っていくらで計算すればいい？", "大和マシナリーと相見積で、うちが10%高いって言われてる。"),
    ("補助金って交付決定までどのくらい？お客さんに目安伝えたい", "補助金って交付決定までどのくらい？お客さんに目安伝えたい", ""),
    ("大和と競合してる。値引きの上限は？急ぎです", "値引きの上限は？ 急ぎです", "大和と競合してる。"),
    ("Fujimoto is pitching against us - how long is their lead time?", "how long is their lead time?",
     "Fujimoto is pitching against us"),
    ("I have a 35M yen quote, no discount. Who approves it", "Who approves it", "I have a 35M yen quote, no discount."),
    ("内示はいつ？決め手は何？", "内示はいつ？決め手は何？", ""),  # two questions, no situation
    ("How long is the warranty (3.5 kW model)?", "How long is the warranty (3.5 kW model)?", ""),
])
def test_a_question_parts_into_what_it_asks_and_its_situation(question: str, ask: str, situation: str) -> None:
    assert ask_and_context(question) == (ask, situation)
