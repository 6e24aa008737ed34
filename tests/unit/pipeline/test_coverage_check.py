"""The coverage check over the offline parser's own query, and over queries that drop a condition."""

from datetime import date

import pytest

from crm_store.pipeline.coverage import check_coverage
from crm_store.pipeline.parser import parse_question
from tests.unit.pipeline.test_pipeline_parser import VOCABULARY

TODAY = date(2026, 11, 20)


def coverage_of(text, query=None):
    parsed = parse_question(text, VOCABULARY, TODAY)
    return check_coverage(parsed, query if query is not None else parsed.query, VOCABULARY)


@pytest.mark.parametrize(
    "text",
    [
        "見積段階の案件はいくら?",
        "鈴木さんの進行中の案件は何件?",
        "How much is in the quote stage?",
        "weighted pipeline by owner this quarter",
        "2000万円以上の交渉中の案件",
        "what does Yamada Seisakusho owe us?",
        "今年度上期に受注した案件の合計",
        "Satoさんの見積の案件",
    ],
)
def test_every_condition_of_a_question_the_rules_read_is_used(text):
    coverage = coverage_of(text)
    assert coverage.complete, coverage.unused


@pytest.mark.parametrize(
    ("text", "written", "kind"),
    [
        ("Yamamotoさんの案件の合計", None, None),  # read as a name the resolver will refuse: used
        ("案件の合計 for Hokkaido Seiki", "Hokkaido Seiki", "name"),
        ("今週の案件の合計", "今週", "period"),
        ("5000以上の案件", "5000以上", "number"),
    ],
)
def test_a_condition_no_rule_read_is_reported_as_unused(text, written, kind):
    coverage = coverage_of(text)
    if written is None:
        assert coverage.complete
    else:
        assert [(u.written, u.kind) for u in coverage.unused] == [(written, kind)]


def test_a_query_that_drops_what_the_rules_read_is_incomplete():
    parsed = parse_question("佐藤さんの見積の案件の合計", VOCABULARY, TODAY)
    without_owner = parsed.query.model_copy(update={"owners": []})
    unused = check_coverage(parsed, without_owner, VOCABULARY).unused
    assert [u.kind for u in unused] == ["owner"]
    without_stage = parsed.query.model_copy(update={"stages": []})
    assert [u.kind for u in check_coverage(parsed, without_stage, VOCABULARY).unused] == ["stage"]


def test_a_near_name_gets_a_suggestion():
    (unused,) = coverage_of("open deals for Suzuk").unused
    assert unused.written == "Suzuk" and unused.suggestions[0] == "鈴木 一郎"


def test_filler_is_neither_used_nor_reported():
    coverage = coverage_of("見積段階の案件の合計を教えてください")
    assert coverage.complete and coverage.ignored == []
