"""How a DM or mention is read: question or memo (the documented, predictable rules)."""

from __future__ import annotations

import pytest

from bot.slack.routing import classify_message


def _score(value: float):  # noqa: ANN202
    return lambda _text: value


@pytest.mark.parametrize(
    "text",
    [
        "交渉中の案件は?",
        "deals in negotiation?",
        "見積段階の合計は？",
        "what is in the pipeline",
        "教えて 値引きの承認フロー",
        "デモ機の貸出方法を教えてください",
        "How do we lend demo units",
    ],
)
def test_questions(text: str) -> None:
    assert classify_message(text, router_score=_score(0.0))[0] == "question"


@pytest.mark.parametrize(
    "text",
    [
        "本日、山田製作所を訪問。見積 450万円を提出。来週フォロー。",
        "Visited Nordic Robotics, quote sent, follow up next Friday.",
        "三協金型 訪問",  # a short memo with an activity cue stays a memo even when a customer is named
    ],
)
def test_memos(text: str) -> None:
    assert classify_message(text, router_score=_score(0.5))[0] == "memo"


def test_short_text_an_answerer_is_sure_about_is_a_question() -> None:
    assert classify_message("顧客一覧", router_score=_score(0.8)) == ("question", "顧客一覧")
    assert classify_message("東邦精機", router_score=_score(0.5))[0] == "question"
    assert classify_message("東邦精機", router_score=_score(0.2))[0] == "memo"


def test_prefixes_override_everything_and_are_removed() -> None:
    assert classify_message("メモ: 来週の予定は?", router_score=_score(1.0)) == ("memo", "来週の予定は?")
    assert classify_message("memo: what a visit", router_score=_score(1.0)) == ("memo", "what a visit")
    assert classify_message("質問：山田製作所を訪問した件", router_score=_score(0.0)) == (
        "question",
        "山田製作所を訪問した件",
    )


def test_without_capture_everything_is_a_question() -> None:
    assert classify_message("山田製作所を訪問。", capture_available=False)[0] == "question"
