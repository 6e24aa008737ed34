"""Dates in memos (明日, 来週金曜, 月末, 12/5, next Tuesday, by Friday…) resolved against the memo's date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    text: str
    relative: bool  # "明日", "next Tuesday": meaningful only against the memo's date


_JA_WEEKDAYS = "月火水木金土日"
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_D = r"[0-9０-９]"


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    wanted = day_of_month or day.day
    return date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(today: date, month: int, day: int) -> date | None:
    """A month/day without a year: the candidate year closest to the memo's date."""
    options = [d for d in (_safe_date(today.year + k, month, day) for k in (-1, 0, 1)) if d]
    return min(options, key=lambda d: abs((d - today).days)) if options else None


def _week_day(today: date, weeks_ahead: int, weekday: int) -> date:
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)
    return monday + timedelta(days=weekday)


def _next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


# A month or day number as typed (12, １２) or written out (十二, 三): "来月十日", "十二月三日".
_JD = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    from capture.amounts import kanji_number

    value = kanji_number(text)
    return int(value) if value is not None else 0


# (pattern, resolver(match, today) -> date | None, relative). Longer/more specific patterns first.
_RULES: list[tuple[re.Pattern[str], object, bool]] = []


def _rule(pattern: str, relative: bool = True, flags: int = 0):
    def register(fn):
        _RULES.append((re.compile(pattern, flags), fn, relative))
        return fn
    return register


@_rule(rf"({_D}{{4}})\s*[/年.\-]\s*({_D}{{1,2}})\s*[/月.\-]\s*({_D}{{1,2}})日?", relative=False)
def _ymd(m, today):
    return _safe_date(_num(m[1]), _num(m[2]), _num(m[3]))


@_rule(rf"年明け(?:の)?\s*({_JD})月\s*({_JD})日")
def _new_year(m, today):
    return _safe_date(today.year + 1, _num(m[1]), _num(m[2]))


@_rule(rf"来月\s*({_JD})日(?:頃|ごろ|前後)?")
def _next_month_day(m, today):
    return _add_months(today, 1, _num(m[1]))


@_rule(r"(再来週|来週|今週|先週)\s*(?:の)?\s*([月火水木金土日])曜日?")
def _ja_week_weekday(m, today):
    weeks = {"先週": -1, "今週": 0, "来週": 1, "再来週": 2}[m[1]]
    return _week_day(today, weeks, _JA_WEEKDAYS.index(m[2]))


@_rule(r"来月末")
def _next_month_end(m, today):
    nxt = _add_months(today.replace(day=1), 1)
    return _end_of_month(nxt.year, nxt.month)


@_rule(r"(?:今月末|月末)")
def _month_end(m, today):
    return _end_of_month(today.year, today.month)


@_rule(rf"({_JD})\s*月\s*({_JD})\s*日", relative=False)
def _ja_md(m, today):
    return _nearest_year(today, _num(m[1]), _num(m[2]))


@_rule(rf"(?<![0-9０-９/.])({_D}{{1,2}})/({_D}{{1,2}})(?![0-9０-９/])", relative=False)
def _slash_md(m, today):
    return _nearest_year(today, _num(m[1]), _num(m[2]))


@_rule(rf"({_JD})\s*(週間|日|か月|ヶ月|カ月|ケ月)後")
def _ja_after(m, today):
    n = _num(m[1])
    if m[2] == "週間":
        return today + timedelta(weeks=n)
    if m[2] == "日":
        return today + timedelta(days=n)
    return _add_months(today, n)


@_rule(r"明後日|あさって")
def _day_after_tomorrow(m, today):
    return today + timedelta(days=2)


@_rule(r"明日|あした")
def _tomorrow_ja(m, today):
    return today + timedelta(days=1)


@_rule(r"昨日|きのう")
def _yesterday_ja(m, today):
    return today - timedelta(days=1)


@_rule(r"本日|今日|きょう")
def _today_ja(m, today):
    return today


@_rule(r"(?<![週毎])([月火水木金土日])曜日?")
def _ja_weekday(m, today):
    return _next_weekday(today, _JA_WEEKDAYS.index(m[1]))


@_rule(r"\bend of (?:the )?next month\b", flags=re.I)
def _en_next_month_end(m, today):
    nxt = _add_months(today.replace(day=1), 1)
    return _end_of_month(nxt.year, nxt.month)


@_rule(r"\b(?:end of (?:the |this )?month|month[- ]end)\b", flags=re.I)
def _en_month_end(m, today):
    return _end_of_month(today.year, today.month)


@_rule(r"\b(next|this|on|by|coming)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", flags=re.I)
def _en_weekday(m, today):
    weekday = _EN_WEEKDAYS.index(m[2].lower())
    if m[1].lower() == "next" and weekday <= today.weekday():
        return _week_day(today, 1, weekday)
    if m[1].lower() == "next":
        # "next Tuesday" said on a Monday usually means the Tuesday of next week.
        return _week_day(today, 1, weekday)
    return _next_weekday(today, weekday)


@_rule(r"\blast\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", flags=re.I)
def _en_last_weekday(m, today):
    return today - timedelta(days=(today.weekday() - _EN_WEEKDAYS.index(m[1].lower())) % 7 or 7)


# A bare weekday in a note ("Follow up Monday") is the coming one, as "on Monday" is.
@_rule(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", flags=re.I)
def _en_bare_weekday(m, today):
    return _next_weekday(today, _EN_WEEKDAYS.index(m[1].lower()))


@_rule(r"\bin\s+(\d+|a|one|two|three|four)\s+(day|week|month)s?\b|\b(\d+|a|one|two|three|four)\s+(day|week|month)s?"
       r"\s+from\s+(?:now|today)\b", flags=re.I)
def _en_after(m, today):
    words = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
    raw, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
    n = words.get(raw.lower()) or int(raw)
    unit = unit.lower()
    if unit == "day":
        return today + timedelta(days=n)
    if unit == "week":
        return today + timedelta(weeks=n)
    return _add_months(today, n)


@_rule(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
       r"(?:,?\s*(\d{4}))?", relative=False, flags=re.I)
def _en_month_day(m, today):
    month = _EN_MONTHS.index(m[1].lower()) + 1
    if m[3]:
        return _safe_date(int(m[3]), month, int(m[2]))
    return _nearest_year(today, month, int(m[2]))


@_rule(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
       relative=False, flags=re.I)
def _en_day_month(m, today):
    return _nearest_year(today, _EN_MONTHS.index(m[2].lower()) + 1, int(m[1]))


@_rule(r"\btomorrow\b", flags=re.I)
def _tomorrow_en(m, today):
    return today + timedelta(days=1)


@_rule(r"\byesterday\b", flags=re.I)
def _yesterday_en(m, today):
    return today - timedelta(days=1)


@_rule(r"\btoday\b", flags=re.I)
def _today_en(m, today):
    return today


@_rule(r"\bnext week\b", flags=re.I)
def _next_week(m, today):
    return _week_day(today, 1, 0)


@_rule(r"来週")
def _next_week_ja(m, today):
    return _week_day(today, 1, 0)


# A period, not a day: 「来週中に」 is any day next week, 「来月中旬」 the middle of next month. They give no date
# (a due left empty is better than a wrong one) and keep 来週/来月 from being read as their first day.
_VAGUE_PERIOD = re.compile(r"(?:再来週|来週|今週|来月|今月|年内|年度内)\s*(?:中(?!止|心)|上旬|中旬|下旬|いっぱい|のうち)")


def find_dates(text: str, today: date) -> list[FoundDate]:
    """Every date expression in ``text``, resolved against ``today``; overlapping matches keep the
    first rule's (the most specific) reading; a vague period (来週中) gives none."""
    taken: list[tuple[int, int]] = [m.span() for m in _VAGUE_PERIOD.finditer(text)]
    found: list[FoundDate] = []
    for pattern, resolve, relative in _RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = resolve(match, today)  # type: ignore[operator]
            if value is None:
                continue
            taken.append((start, end))
            found.append(FoundDate(value, start, end, match.group(0), relative))
    return sorted(found, key=lambda d: d.start)


def resolve_date(expression: str, today: date) -> date | None:
    """The one date an expression means (for tests and the CLI); None when there is none."""
    found = find_dates(expression, today)
    return found[0].value if found else None
