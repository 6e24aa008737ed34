from datetime import date

import pytest

from crm_store.pipeline.parser import parse_question
from crm_store.pipeline.query import PeriodSpec
from crm_store.pipeline.vocabulary import CustomerName, Person, Vocabulary, _person_keys
from crm_store.stages import Stage

TODAY = date(2026, 11, 20)
REPS = ("高橋 誠", "中村 由美", "鈴木 一郎", "佐藤 健太", "田中 美咲", "Emily Carter")
VOCABULARY = Vocabulary(
    people=[Person(i, name, "rep", _person_keys(name)) for i, name in enumerate(REPS, start=1)],
    customers=[
        CustomerName(1, "株式会社山田製作所", "山田製作所", "ヤマダセイサクショ"),
        CustomerName(2, "三協金型(株)", "三協金型"),
        CustomerName(3, "田中精機株式会社", "田中精機"),
        CustomerName(4, "北斗電子工業株式会社", "北斗電子工業", "ホクトデンシコウギョウ"),
    ],
    industries=["精密加工", "自動車部品"],
)


def parse(text):
    return parse_question(text, VOCABULARY, TODAY)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("見積段階の案件はいくら?", "sum"),
        ("How much is in quote?", "sum"),
        ("見積の案件は何件?", "count"),
        ("how many open deals", "count"),
        ("平均金額は?", "average"),
        ("average deal size", "average"),
        ("担当者別の見込み額", "weighted"),
        ("weighted pipeline", "weighted"),
    ],
)
def test_metric_words(text, metric):
    assert parse(text).query.metric == metric
    assert "metric" in parse(text).signals


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("見積段階の案件", [Stage.QUOTE]),
        ("deals in negotiation", [Stage.NEGOTIATION]),
        ("成約待ちの案件", [Stage.AWAITING_DECISION]),
        ("提案と見積の案件", [Stage.QUOTE, Stage.PROPOSAL]),
    ],
)
def test_stages(text, stages):
    assert sorted(parse(text).query.stages) == sorted(stages)


def test_won_is_a_status_but_expected_close_is_not():
    assert parse("受注した案件の合計").query.status == "won"
    assert parse("今月受注予定の案件").query.status == "open"
    assert parse("成約待ちの案件").query.status == "open"
    assert parse("How many deals did we lose?").query.status == "lost"


def test_owner_by_family_name_and_english_possessive():
    assert parse("鈴木さんの進行中の案件は?").query.owners == ["鈴木 一郎"]
    assert parse("Emily's weighted pipeline").query.owners == ["Emily Carter"]


def test_unknown_person_is_kept_as_written_for_suggestions():
    assert parse("山本さんの案件の合計").query.owners == ["山本"]


def test_a_customer_named_like_a_rep_is_not_the_rep():
    parsed = parse("田中精機の案件の合計")
    assert parsed.query.customers == ["田中精機株式会社"]
    assert parsed.query.owners == []


def test_unknown_company_is_kept_for_suggestions():
    assert parse("山田精作所の未回収はいくら?").query.customers == ["山田精作所"]


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("今月", "this_month"),
        ("来月の案件", "next_month"),
        ("pipeline this quarter", "this_quarter"),
        ("今期末までの案件", "until_fiscal_year_end"),
        ("来期", "next_fiscal_year"),
        ("last fiscal year", "last_fiscal_year"),
    ],
)
def test_relative_periods(text, relative):
    assert parse(text).query.period == PeriodSpec(relative=relative)


def test_explicit_ranges_and_months():
    assert parse("deals closing between 2026-12-01 and 2027-01-31").query.period == PeriodSpec(
        start=date(2026, 12, 1), end=date(2027, 1, 31)
    )
    assert parse("2027年1月の案件").query.period == PeriodSpec(start=date(2027, 1, 1), end=date(2027, 1, 31))
    # No year: the coming month for the pipeline, the past one for won deals.
    assert parse("1月の案件").query.period.start == date(2027, 1, 1)
    assert parse("9月に受注した案件").query.period.start == date(2026, 9, 1)
    assert parse("12月から2月の案件").query.period == PeriodSpec(
        start=date(2026, 12, 1), end=date(2027, 2, 28)
    )
    assert parse("2026-12-01までの案件").query.period == PeriodSpec(end=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("2026-02-30までの案件", "2026-02-30"),
        ("13月の案件", "13月"),
        ("deals between 2027-01-31 and 2026-12-01", "2027-01-31 – 2026-12-01"),
    ],
)
def test_impossible_periods_are_reported_not_raised(text, written):
    assert parse(text).period_error.written == written


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("how much is overdue?", "overdue"),
        ("期日超過の請求は何件?", "overdue"),
        ("未回収の請求の合計", "outstanding"),
        ("期日が近い未回収の請求", "due_soon"),
        ("How much do customers still owe us?", "outstanding"),
    ],
)
def test_invoice_questions(text, status):
    query = parse(text).query
    assert (query.subject, query.invoice_status) == ("invoices", status)


def test_grouping_and_forecast():
    assert parse("担当者別の見込み額").query.group_by == "owner"
    assert parse("pipeline by stage").query.group_by == "stage"
    assert parse("月別の案件").query.group_by == "month"
    assert parse("今四半期の予実").query.subject == "forecast"


def test_nothing_recognisable_gives_no_signals():
    assert parse("今日の天気は?").signals == set()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "??",
        "🙂💴",
        "'; DROP TABLE deals; --",
        "0月",
        "99999-99-99",
        "2026-13-01から",
        "さん" * 50,
        "a" * 5000,
        "見積" * 300,
        "Q0 2026",
        "deals by by by",
    ],
)
def test_odd_input_never_raises(text):
    parsed = parse(text)
    assert parsed.query is not None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("第3四半期の案件の合計", date(2026, 10, 1), date(2026, 12, 31)),
        ("Q1 pipeline", date(2026, 4, 1), date(2026, 6, 30)),
        ("4Qの見込み額", date(2027, 1, 1), date(2027, 3, 31)),
        ("来期の第1四半期", date(2027, 4, 1), date(2027, 6, 30)),
    ],
)
def test_numbered_fiscal_quarters(text, start, end):
    assert parse(text).query.period == PeriodSpec(start=start, end=end)


def test_numbered_quarters_follow_the_fiscal_start_month():
    parsed = parse_question("Q1 pipeline", VOCABULARY, TODAY, fiscal_start_month=1)
    assert parsed.query.period == PeriodSpec(start=date(2026, 1, 1), end=date(2026, 3, 31))


def test_quarter_five_does_not_exist():
    assert parse("第5四半期の案件").period_error.written == "第5四半期"


def test_a_short_name_is_one_customers_or_none() -> None:
    assert parse("北斗電子の案件").query.customers == ["北斗電子工業株式会社"]
    # 田中精機 has no short name (田中 is a person), and two customers of one short name are neither.
    assert parse("田中の案件").query.customers == []
    twins = Vocabulary(customers=[CustomerName(1, "大洋化学工業(株)", "大洋化学工業"),
                                  CustomerName(2, "大洋化学産業株式会社", "大洋化学産業")])
    assert parse_question("大洋化学の案件", twins, TODAY).query.customers != ["大洋化学工業(株)"]
