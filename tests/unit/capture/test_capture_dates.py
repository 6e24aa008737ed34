"""Relative dates resolved against the memo's own date (2026-11-20 is a Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from capture.dates import find_dates, resolve_date

MEMO_DAY = date(2026, 11, 20)


@pytest.mark.parametrize(("expression", "expected"), [
    ("明日", date(2026, 11, 21)),
    ("明後日", date(2026, 11, 22)),
    ("来週金曜", date(2026, 11, 27)),
    ("来週の月曜日", date(2026, 11, 23)),
    ("再来週水曜", date(2026, 12, 2)),
    ("月末", date(2026, 11, 30)),
    ("来月末", date(2026, 12, 31)),
    ("来月10日頃", date(2026, 12, 10)),
    ("2週間後", date(2026, 12, 4)),
    ("３日後", date(2026, 11, 23)),
    ("年明け1月15日", date(2027, 1, 15)),
    ("12/5", date(2026, 12, 5)),
    ("１２月５日", date(2026, 12, 5)),
    ("2027/01/08", date(2027, 1, 8)),
    ("昨日", date(2026, 11, 19)),
    ("next Tuesday", date(2026, 11, 24)),
    ("by Friday", date(2026, 11, 27)),
    ("end of month", date(2026, 11, 30)),
    ("end of next month", date(2026, 12, 31)),
    ("in two weeks", date(2026, 12, 4)),
    ("Dec 3", date(2026, 12, 3)),
    ("5th January", date(2027, 1, 5)),
    ("先週金曜", date(2026, 11, 13)),
    ("last Monday", date(2026, 11, 16)),
    ("Follow up Monday", date(2026, 11, 23)),  # a bare weekday is the coming one
])
def test_expressions(expression: str, expected: date) -> None:
    assert resolve_date(expression, MEMO_DAY) == expected


def test_month_day_without_year_takes_the_nearest_year() -> None:
    assert resolve_date("1/10", date(2026, 12, 20)) == date(2027, 1, 10)
    assert resolve_date("12/28", date(2027, 1, 5)) == date(2026, 12, 28)


def test_spans_point_at_the_words() -> None:
    text = "本日訪問。来週金曜までに見積、月末に再訪。"
    found = find_dates(text, MEMO_DAY)
    assert [(text[d.start:d.end], d.value) for d in found] == [
        ("本日", MEMO_DAY), ("来週金曜", date(2026, 11, 27)), ("月末", date(2026, 11, 30))]


def test_no_date_and_impossible_dates() -> None:
    assert resolve_date("特になし", MEMO_DAY) is None
    assert resolve_date("2/30", MEMO_DAY) is None


@pytest.mark.parametrize("expression", ["来週中に", "今月中", "来月中旬", "今週中に"])
def test_a_vague_period_gives_no_date(expression: str) -> None:
    assert resolve_date(expression, MEMO_DAY) is None
