"""Coverage on a real database (SQLite and PostgreSQL): a condition the query does not use never yields a number.

Expected totals are sums of rows of bot/demo/data/deals.csv and invoices.csv, written out here.
"""

from __future__ import annotations

from collections import deque
from datetime import date

import pytest

from core.questions import Asker, Question
from crm_store.pipeline.answerer import PipelineAnswerer
from crm_store.pipeline.llm import LlmQueryParser
from tests.integration.pipeline.fake_chat import FakeToolCallingChatModel

TODAY = date(2026, 11, 20)


def ask(answerer, text, language=None):
    language = language or ("en" if text.isascii() else "ja")
    return answerer.answer(Question(text=text, language=language, asker=Asker(role="admin"), today=TODAY))


def llm_answerer(demo_db, *outcomes):
    model = FakeToolCallingChatModel(outcomes=deque(outcomes))
    return PipelineAnswerer(demo_db, llm_parser=LlmQueryParser(model), charts=False)


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("how many deals does Yamamoto have in proposal?", "Yamamoto"),  # no such rep, in romaji
        ("Takahasiの見積の案件の合計", "Takahasi"),
        ("over 50k deals", "50"),  # no currency: not an amount we can apply
        ("今週の案件の合計", "今週"),  # a period the rules do not know
        # A katakana word no rule read: a customer the CRM spells in English, a product — not all deals.
        ("パシフィックプレシジョンの案件の合計", "パシフィックプレシジョン"),
        ("ロボットアームの案件は何件?", "ロボットアーム"),
        # Any word right before what is counted says which deals: "robot arm deals", 「大型の案件」.
        ("how many robot arm deals are open?", "robot arm"),
        ("大型の案件は何件?", "大型"),
        # What to compute, when the data has no such measure: not the amount instead.
        ("鈴木さんの受注案件の粗利は?", "粗利"),
        ("見積案件の平均値引き率", "値引き率"),
        ("What's the gross margin on Suzuki's won deals?", "gross margin"),
        # One status cannot hold two, nor their negation: not "lost this month".
        ("今月クローズ予定で、まだ受注も失注もしてない案件の合計いくら?", "受注"),
    ],
)
def test_an_unused_condition_refuses_the_number(answerer, text, unknown):
    answer = ask(answerer, text)
    assert answer.data is None
    assert unknown in answer.answer
    assert "no number" in answer.answer or "集計は控えます" in answer.answer


def test_katakana_words_of_presentation_are_no_condition(answerer):
    # A ranking or a summary asks how to show the deals, not which: 担当者別 is still applied.
    answer = ask(answerer, "担当者別のランキング")
    assert answer.data is not None and "担当者別" in answer.interpretation
    # As "my deals": the asker's own words, filler as before (what they see is the visibility policy's).
    assert ask(answerer, "自分の案件").data is not None
    assert "担当者別" in ask(answerer, "担当者別の案件の内訳").interpretation
    # "size" of a deal is its amount, the measure every deal answer has.
    assert ask(answerer, "What's the average size of Sato-san's open deals?").data.total == 16_288_571.43


def test_the_refusal_says_what_was_understood_and_suggests_a_name(answerer):
    answer = ask(answerer, "Takahasiの見積の案件の合計")
    assert "「見積」" in answer.answer and "もしかして: 高橋 誠" in answer.answer
    # The start of a customer's name is no match (no kind-of-business word was dropped), but a suggestion.
    assert "もしかして: 東海オートパーツ株式会社" in ask(answerer, "東海オートの案件").answer


@pytest.mark.parametrize(
    ("text", "total", "shown"),
    [
        # 佐藤 健太's open deals: 16.8M + 2.52M + 19.8M + 14.5M + 9.8M + 8.6M + 42M
        ("what's Sato's open pipeline worth?", 114_020_000, "佐藤 健太"),
        ("サトウさんの案件の合計", 114_020_000, "佐藤 健太"),
        # 北斗電子工業's unpaid invoice INV-2026-0019
        ("What does Hokuto Denshi owe us?", 1_210_000, "北斗電子工業株式会社"),
        # A customer's short name: 大洋化学工業(株)'s open deals 14.5M + 2.52M;
        # 京浜スプリング工業's unpaid ¥1.1M (INV-2026-0016: 1.65M billed, 0.55M paid)
        ("大洋化学の案件の合計", 17_020_000, "大洋化学工業(株)"),
        ("京浜スプリングの未回収", 1_100_000, "京浜スプリング工業株式会社"),
    ],
)
def test_names_written_otherwise_are_the_registered_ones(answerer, text, total, shown):
    answer = ask(answerer, text)
    assert answer.data.total == total
    assert shown in answer.interpretation


def test_two_owners_are_both_applied(answerer):
    # 田中 美咲 (6.4M+4.2M+5.2M+17.6M+13.2M+11.2M) and Emily Carter (33M yen; $68,000 apart)
    answer = ask(answerer, "田中さんとEmilyさんの案件の合計")
    assert answer.data.total == 57_800_000 + 33_000_000
    assert "田中 美咲・Emily Carter" in answer.interpretation


def test_an_unknown_second_owner_refuses(answerer):
    answer = ask(answerer, "田中さんと山本さんの案件の合計")
    assert answer.data is None and "「山本」という担当者は登録されていません" in answer.answer


@pytest.mark.parametrize(
    ("text", "total"),
    [
        # open yen deals ≥ 20,000,000: 42M, 26.5M, 44M, 21.5M, 23.7M, 33M, 36.4M
        ("2000万円以上の案件の合計", 227_100_000),
        ("open deals over $50k", 68_000),  # the only dollar deal above: Nordic Robotics, $68,000
        ("見積か交渉の案件は何件?", 12),
        ("how much did we win this quarter?", 59_000_000),  # 31.2M (Oct 9) + 27.8M (Nov 6)
    ],
)
def test_conditions_people_use(answerer, text, total):
    assert ask(answerer, text).data.total == total


def test_an_amount_filter_never_mixes_currencies(answerer):
    answer = ask(answerer, "open deals over $50k")
    assert {row["currency"] for row in answer.data.rows} == {"USD"}


def test_loss_reasons_are_grouped_with_their_deals(answerer):
    answer = ask(answerer, "Why did we lose deals this year?")
    reasons = {row["group"]: row for row in answer.data.rows if row["currency"] == "JPY"}
    assert reasons["価格(競合が約15%安い提案)"]["count"] == 1
    assert [d["deal"] for d in reasons["納期(競合が2か月早い)"]["deals"]] == ["横形マシニングセンタ 更新"]
    assert "失注理由別" in ask(answerer, "今年の失注理由の内訳").interpretation


def test_who_still_owes_us_is_the_outstanding_per_customer(answerer):
    answer = ask(answerer, "who still owes us money?")
    assert answer.kind == "invoice" and answer.data.total == 85_723_000
    assert sum(row["outstanding"] for row in answer.data.rows) == 85_723_000


def test_words_not_used_are_reported_with_the_answer(answerer):
    answer = ask(answerer, "ステージ別の未回収")
    assert answer.data.total == 85_723_000 and "“ステージ別”" in answer.interpretation


class TestTheLlmPathPassesTheSameCheck:
    def test_a_condition_the_model_dropped_refuses(self, demo_db):
        # The model forgets the rep; the rules read "Sato" as 佐藤 健太, so the total would be everyone's.
        answerer = llm_answerer(demo_db, {"subject": "deals", "metric": "sum"})
        answer = ask(answerer, "what's Sato's open pipeline worth?")
        assert answer.data is None and "Sato" in answer.answer

    def test_a_name_the_model_read_counts_as_used(self, demo_db):
        answerer = llm_answerer(demo_db, {"subject": "deals", "metric": "sum", "owners": ["Sato"]})
        answer = ask(answerer, "what's Sato's open pipeline worth?")
        assert answer.data.total == 114_020_000

    def test_a_period_the_model_dropped_refuses(self, demo_db):
        answerer = llm_answerer(demo_db, {"subject": "deals", "status": "won"})
        answer = ask(answerer, "how much did we win this quarter?")
        assert answer.data is None and "this quarter" in answer.answer

    def test_a_word_only_the_model_understood_is_used(self, demo_db):
        # No rule reads "Hokuto" alone as a stage or status; the model's customer names it.
        answerer = llm_answerer(
            demo_db, {"subject": "invoices", "invoice_status": "outstanding", "customers": ["北斗電子工業"]}
        )
        answer = ask(answerer, "What does Hokuto owe us?")
        assert answer.data.total == 1_210_000

    def test_a_short_name_the_model_copied_is_that_customer(self, demo_db):
        # Names are copied as written; 大洋化学 is the short name of 大洋化学工業 only (14.5M + 2.52M open).
        answerer = llm_answerer(demo_db, {"subject": "deals", "metric": "sum", "customers": ["大洋化学"]})
        answer = ask(answerer, "大洋化学の案件の合計")
        assert answer.data.total == 17_020_000 and "大洋化学工業(株)" in answer.interpretation
