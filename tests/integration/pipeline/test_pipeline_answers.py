"""Pipeline and invoice answers over the demo data, on SQLite and PostgreSQL.

The expected numbers are the demo data set's documented facts (bot/demo/data/README.md and the
issue), not this code's output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.i18n import detect_language
from core.questions import Asker, Question
from crm_store.pipeline.answerer import PipelineAnswerer

TODAY = date(2026, 11, 20)


def ask(answerer: PipelineAnswerer, text: str, asker: Asker | None = None, language: str | None = None):
    lang = language or ("ja" if any(ord(ch) > 0x3000 for ch in text) else "en")
    return answerer.answer(
        Question(text=text, language=lang, asker=asker or Asker(role="admin"), today=TODAY)
    )


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("見積段階の案件はいくら?", 70_000_000),
        ("見積の案件は何件?", 6),
        ("進行中の案件の合計は?", 393_740_000),
        ("今月受注予定の案件は何件?", 6),
        ("今月受注予定の案件の合計", 47_700_000),
        ("How much is expected to close next month?", 89_420_000),
        ("pipeline closing this quarter", 150_320_000),
        ("今期末までに受注予定の案件の合計", 331_420_000),
        ("How many deals close by the end of the fiscal year?", 22),
    ],
)
def test_documented_demo_numbers(answerer, text, total):
    answer = ask(answerer, text)
    assert answer.kind == "pipeline"
    assert answer.data.total == total


def test_overdue_invoices(answerer):
    answer = ask(answerer, "how much is overdue?")
    assert (answer.kind, answer.data.total, len(answer.data.rows)) == ("invoice", 11_495_000, 6)
    assert "¥11,495,000" in answer.answer
    assert "2026-11-20" in answer.interpretation
    count = ask(answerer, "期日超過の請求は何件?")
    assert count.data.total == 6


def test_dollars_are_never_added_to_yen(answerer):
    answer = ask(answerer, "What is the total open pipeline?")
    assert answer.data.total == 393_740_000  # the yen headline, without the $68,000 deal
    assert "¥393,740,000" in answer.answer and "$68,000" in answer.answer
    grouped = ask(answerer, "pipeline by owner")
    emily = [row for row in grouped.data.rows if row["group"] == "Emily Carter"]
    assert sorted((row["currency"], row["amount"]) for row in emily) == [("JPY", 33_000_000), ("USD", 68_000)]


def test_japanese_answer_reads_in_man_yen_and_shows_its_conditions(answerer):
    answer = ask(answerer, "見積段階の案件はいくら?")
    assert "6 件" in answer.answer and "7,000万円" in answer.answer
    assert answer.interpretation.startswith("条件: 見積 / 進行中")
    assert "全担当" in answer.interpretation
    assert len(answer.data.rows) == 6
    assert sum(Decimal(str(row["amount"])) for row in answer.data.rows) == 70_000_000


def test_weighted_uses_explicit_probability_over_stage_default(answerer):
    # 成約待ち: 8,600,000×80% + 7,500,000×80% + 36,400,000×90% (explicit) + 11,200,000×80%
    answer = ask(answerer, "成約待ちの案件の見込み額は?")
    assert answer.data.total == 6_880_000 + 6_000_000 + 32_760_000 + 8_960_000


def test_grouped_rows_add_up_to_the_headline(answerer):
    answer = ask(answerer, "ステージ別の案件の合計")
    jpy = [row for row in answer.data.rows if row["currency"] == "JPY"]
    assert [row["key"] for row in jpy] == [
        "initial_contact",
        "proposal",
        "quote",
        "negotiation",
        "awaiting_decision",
    ]
    assert sum(row["amount"] for row in jpy) == answer.data.total == 393_740_000


def test_month_grouping_uses_the_databases_own_date_function(answerer):
    answer = ask(answerer, "月別の案件の合計")
    keys = [row["key"] for row in answer.data.rows if row["currency"] == "JPY"]
    assert keys[:3] == ["2026-10", "2026-11", "2026-12"] and keys == sorted(keys)


def test_owner_family_name_resolves(answerer):
    answer = ask(answerer, "鈴木さんの進行中の案件は?")
    assert answer.data.total == 163_780_000
    assert {row["owner"] for row in answer.data.rows} == {"鈴木 一郎"}
    assert "鈴木 一郎" in answer.interpretation


def test_forecast_vs_actual(answerer):
    answer = ask(answerer, "今期の予実は?")
    jpy = next(row for row in answer.data.rows if row["currency"] == "JPY")
    assert jpy["weighted_pipeline"] == answer.data.total
    # Invoices issued 2026-04-01..2027-03-31 in the demo data: all JPY ones.
    assert jpy["invoiced"] == 165_957_000 and jpy["paid"] == 80_234_000


class TestPermissions:
    def rep(self, demo_db, name):
        from sqlmodel import select

        from crm_store.models import User

        with demo_db.session("read") as session:
            user = session.exec(select(User).where(User.name == name)).one()
        return Asker(user_id=user.id, name=user.name, role=user.role)

    def test_a_rep_sees_only_their_own_deals(self, answerer, demo_db):
        answer = ask(answerer, "進行中の案件の合計は?", self.rep(demo_db, "鈴木 一郎"))
        assert answer.data.total == 163_780_000
        assert answer.private and "ご自身の分のみ" in answer.interpretation

    def test_a_rep_asking_about_someone_else_gets_no_numbers(self, answerer, demo_db):
        answer = ask(answerer, "佐藤さんの案件の合計は?", self.rep(demo_db, "鈴木 一郎"))
        assert answer.data is None
        assert "ご自身の案件" in answer.answer and "円" not in answer.answer

    def test_a_rep_sees_only_their_customers_invoices(self, answerer, demo_db):
        sato = ask(answerer, "how much is overdue?", self.rep(demo_db, "佐藤 健太"))
        # 丸和工業 1,320,000 + 三協金型 6,600,000 + 京浜スプリング 1,100,000
        assert sato.data.total == 9_020_000
        other = ask(answerer, "北斗電子工業の未回収は?", self.rep(demo_db, "佐藤 健太"))
        assert other.data is None and "北斗電子工業株式会社" in other.answer

    def test_a_manager_sees_everything(self, answerer, demo_db):
        assert ask(answerer, "進行中の案件の合計は?", self.rep(demo_db, "高橋 誠")).data.total == 393_740_000

    def test_scope_all_lets_reps_see_everything(self, demo_db):
        open_answerer = PipelineAnswerer(demo_db, visibility="all", charts=False)
        assert (
            ask(open_answerer, "進行中の案件の合計は?", self.rep(demo_db, "鈴木 一郎")).data.total
            == 393_740_000
        )

    def test_an_unmapped_rep_is_told_why(self, answerer):
        answer = ask(answerer, "how much is overdue?", Asker(role="rep"))
        assert answer.data is None and "which user" in answer.answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山本さんの案件の合計", "「山本」という担当者は登録されていません"),
        ("2026-02-30までの案件の合計", "「2026-02-30」は存在しない"),
        ("13月の案件の合計は?", "「13月」"),
        ("山田精作所の未回収はいくら?", "もしかして: 株式会社山田製作所"),
        ("How much is in the pipeline for Suzuki Ichiro Corp.?", "No customer matches “Suzuki Ichiro Corp.”"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_no_numbers(answerer, text, expected):
    answer = ask(answerer, text)
    assert expected in answer.answer
    assert answer.data is None


def test_unknown_rep_gets_names_to_choose_from_in_english(answerer):
    answer = ask(answerer, "total of deals owned by John Smith")
    assert answer.answer.startswith("No rep called “John Smith”.") and "Emily Carter" in answer.answer
    assert answer.data is None


def test_a_misspelt_given_name_resolves_by_family_name_and_says_so(answerer):
    answer = ask(answerer, "How much pipeline does Emilly Carter have?")
    assert "Emily Carter" in answer.interpretation and answer.data.total == 33_000_000


def test_an_empty_result_says_so(answerer):
    answer = ask(answerer, "来期の見積の案件は?")
    assert answer.data.total == 0 and "該当する案件はありません" in answer.answer


def test_won_deals_last_month_route_here_and_skip_the_weighted_figure(answerer):
    question = Question(text="先月の受注", language="ja", asker=Asker(role="admin"), today=TODAY)
    assert answerer.score(question) >= 0.9
    answer = answerer.answer(question)
    assert answer.data.total == 31_200_000  # 溶接ロボットアーム 4台導入, won 2026-10-09
    assert "確度加重" not in answer.answer and "受注/失注日" in answer.interpretation


def test_invoiced_in_a_period_uses_the_issue_date(answerer):
    # Issued 2026-10-01..10-31: INV-2026-0020..0027 (8 invoices).
    answer = ask(answerer, "how much did we invoice last month?")
    assert (answer.kind, len(answer.data.rows)) == ("invoice", 8)
    issued = (880_000, 1_584_000, 660_000, 308_000, 1_210_000, 34_320_000, 462_000, 1_056_000)
    assert answer.data.total == sum(issued)
    assert "issued last month" in answer.interpretation


def test_invoices_grouped_by_owner_and_never_by_stage(answerer):
    by_owner = ask(answerer, "担当者別の未回収")
    assert sum(row["outstanding"] for row in by_owner.data.rows) == by_owner.data.total
    assert "鈴木 一郎" in {row["group"] for row in by_owner.data.rows}
    by_stage = ask(answerer, "ステージ別の未回収")
    assert by_stage.data.total == by_owner.data.total
    # Invoices have no stage: the grouping is not applied, and the answer says the word was not used.
    conditions, _, unused = by_stage.interpretation.partition("集計に使っていない語")
    assert "ステージ別" not in conditions and "ステージ別" in unused


def test_names_are_data_not_sql(answerer, demo_db):
    answer = ask(answerer, "total of deals owned by Robert'); DROP TABLE deals;--")
    assert answer.data is None and "Robert" in answer.answer  # an unknown rep, told as such
    assert ask(answerer, "進行中の案件の合計は?").data.total == 393_740_000


@pytest.mark.parametrize(("text", "confident"), [
    ("How much will prices increase in January 2027?", False),  # a metric and a period, but no deals
    ("How much is expected to close next month?", True),
    ("来四半期に受注予定の金額", True),
    ("案件は?", False),  # answered here, but not with the confidence of a real metric question
])
def test_a_metric_needs_a_subject_before_numbers_are_claimed(answerer, text, confident):
    question = Question(text=text, language=detect_language(text), asker=Asker(role="admin"), today=TODAY)
    assert (answerer.score(question) >= 0.9) is confident


def test_due_soon_is_the_digests_window_and_configurable(answerer, demo_db):
    week = ask(answerer, "期日が近い未回収の請求は?")
    assert len(week.data.rows) == 4  # due 11-24, 11-25, 11-25, 11-26 (bot/demo/data/invoices.csv)
    assert all(row["due_date"] <= "2026-11-27" for row in week.data.rows)
    assert "2026-11-27" in week.interpretation
    fortnight = ask(PipelineAnswerer(demo_db, charts=False, due_soon_days=14), "期日が近い未回収の請求は?")
    assert len(fortnight.data.rows) >= len(week.data.rows) and "2026-12-04" in fortnight.interpretation


@pytest.mark.parametrize(
    ("text", "total", "status"),
    [
        # bot/demo/data/invoices.csv: 18 invoices with a payment, ¥80,234,000 in yen (and $45,000 apart).
        ("paid invoices", 80_234_000, "paid"),
        ("入金済みの請求", 80_234_000, "入金あり"),
        ("how much has Hokuto paid?", 10_560_000, "paid"),  # INV-2026-0014 paid in full, 0024 not at all
        # Not paid is not "paid".
        ("who hasn't paid?", 85_723_000, "outstanding"),
        ("invoices not yet paid", 85_723_000, "outstanding"),
        ("invoices that haven't been paid", 85_723_000, "outstanding"),
        ("invoices that have been paid", 80_234_000, "paid"),
    ],
)
def test_paid_is_money_received_not_what_is_owed(answerer, text, total, status):
    answer = ask(answerer, text)
    assert answer.data.total == total
    assert status in answer.interpretation
