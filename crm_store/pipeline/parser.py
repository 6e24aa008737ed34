"""The offline parser: Japanese and English phrasing → `PipelineQuery`, by rules that can be read.

It recognises what it can and reports what it saw (`ParsedQuestion.signals`), so the router can
tell a pipeline question from a customer look-up and the answer can say what was understood.
Names are kept as written; `crm_store.pipeline.resolve` validates them (one step for both the
offline and the LLM parser).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from core.text import fold
from crm_store.pipeline.periods import fiscal_year_start, month_range
from crm_store.pipeline.query import GroupBy, Metric, PeriodSpec, PipelineQuery
from crm_store.pipeline.vocabulary import Vocabulary, mentioned_customer, mentioned_people
from crm_store.stages import STAGES, Stage, parse_stage

_METRICS: tuple[tuple[Metric, re.Pattern[str]], ...] = (
    ("average", re.compile(r"平均|\baverage\b|\bavg\b|\bmean\b")),
    ("weighted", re.compile(r"加重|確度|見込み?額|見込み?金額|ヨミ|\bweighted\b|expected value|probability")),
    ("count", re.compile(r"何件|件数|いくつ|何個|何社|\bhow many\b|\bnumber of\b|\bcount\b")),
    (
        "sum",
        re.compile(
            r"合計|いくら|幾ら|総額|金額|総計|トータル|どのくらい|どれくらい|どれだけ"
            r"|\btotal\b|how much|\bsum\b|\bvalue\b|\bamount\b|\bworth\b"
        ),
    ),
)
_FORECAST = re.compile(
    r"予実|見込み?と実績|見込み?対実績|実績と見込|\bforecast\b.*\bactual|\bactual\b.*\bforecast"
    r"|\bvs\.? actual|versus actual|against actual"
)
_INVOICE = re.compile(
    r"請求|未回収|入金|売掛|延滞|支払|期日超過|回収|invoice|overdue|receivable|unpaid|outstanding"
    r"|payment|past due|\bowed?\b|billing|billed|\bdue\b"
)
_OVERDUE = re.compile(
    r"期日超過|期限超過|延滞|遅延|遅れ|期限切れ|期日を?過ぎ|期限を?過ぎ|overdue|past due|\blate\b"
)
_DUE_SOON = re.compile(
    r"期日が近|期日間近|もうすぐ|近日|due soon|coming due|due within|due in the next|due this week"
    r"|upcoming"
)
_ALL_INVOICES = re.compile(
    r"請求総額|請求額|請求金額|請求した|請求実績|発行|invoiced|billed|all invoices|total invoices"
    r"|did we invoice|we invoice"
)
# Closing words count as deal words: "受注予定の金額", "expected to close next month".
_DEAL_WORDS = re.compile(r"案件|商談|パイプライン|引き合い|ディール|受注予定|受注見込|成約予定|"
                         r"\bdeals?\b|opportunit|pipeline|\bclos(?:e|es|ing)\b")
_OPEN = re.compile(
    r"進行中|進捗中|未完了|オープン|\bopen\b|\bactive\b|in progress|ongoing|pipeline|パイプライン"
)
_WON = re.compile(r"(?<!見込)(?:受注|成約)(?!予定|見込|待ち|予測)|\bwon\b|closed[- ]won")
_LOST = re.compile(r"失注|\blost\b|\blose\b|\blosing\b|closed[- ]lost")
_ALL_STATUS = re.compile(
    r"全ステータス|受注.失注を?含|失注も含|すべての状態|including (?:won|lost|closed)|any status"
)
_GROUPS: tuple[tuple[GroupBy, re.Pattern[str]], ...] = (
    (
        "owner",
        re.compile(
            r"担当者?別|営業別|担当ごと|担当者ごと|人別|\bby (?:owner|rep|salesperson|sales rep)s?\b"
            r"|\bper (?:owner|rep|salesperson)\b|\beach rep\b"
        ),
    ),
    ("stage", re.compile(r"ステージ別|段階別|フェーズ別|ステージごと|\bby stage\b|\bper stage\b")),
    (
        "customer",
        re.compile(
            r"顧客別|取引先別|会社別|顧客ごと|取引先ごと|\bby (?:customer|account|client)s?\b"
            r"|\bper (?:customer|account|client)\b"
        ),
    ),
    ("month", re.compile(r"月別|月ごと|毎月|月次|\bby month\b|\bmonthly\b|\bper month\b")),
)
_RELATIVE = (
    (
        "until_fiscal_year_end",
        re.compile(
            r"(?:今期|年度|期)末まで|by (?:the )?end of (?:the )?(?:fiscal year|fy)"
            r"|until (?:the )?(?:fiscal year|fy) end|by (?:fiscal year|fy) end"
        ),
    ),
    ("next_quarter", re.compile(r"来四半期|次の?四半期|次クォーター|next quarter")),
    ("last_quarter", re.compile(r"前四半期|先四半期|前クォーター|last quarter|previous quarter")),
    ("this_quarter", re.compile(r"今四半期|当四半期|この四半期|今クォーター|this quarter|current quarter")),
    ("next_fiscal_year", re.compile(r"来期|来年度|次年度|next (?:fiscal year|fy)")),
    (
        "last_fiscal_year",
        re.compile(r"前期|昨年度|前年度|last (?:fiscal year|fy)|previous (?:fiscal year|fy)"),
    ),
    (
        "this_fiscal_year",
        re.compile(r"今期|今年度|当期|本年度|this (?:fiscal year|fy)|current (?:fiscal year|fy)"),
    ),
    ("next_month", re.compile(r"来月|翌月|next month")),
    ("last_month", re.compile(r"先月|前月|last month|previous month")),
    ("this_month", re.compile(r"今月|当月|this month|current month")),
)
# ASCII look-arounds, not \b: in "4Qの" the kana is a word character too.
_QUARTER = re.compile(
    r"第\s*(\d)\s*四半期|(?<![a-z0-9])q(\d)(?![0-9])|(?<![a-z0-9])(\d)q(?![a-z])|(\d)\s*四半期"
)
_NEXT_FY = re.compile(r"来期|来年度|next (?:fiscal year|fy)")
_LAST_FY = re.compile(r"前期|昨年度|前年度|last (?:fiscal year|fy)")
_ISO_DATE = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(\d{4})[-/年](\d{1,2})月?(?![-/\d日])")
_JA_MONTH = re.compile(r"(?<![\d年/-])(\d{1,2})月")
_EN_MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
_EN_MONTH = re.compile(r"\b(" + "|".join(_EN_MONTHS) + r")\b(?:\s+(\d{4}))?")
_FROM = re.compile(r"から|以降|以後|\bsince\b|\bafter\b|\bfrom\b")
_UNTIL = re.compile(r"まで|以前|\buntil\b|\bbefore\b|\bby\b|\bthrough\b|\bthru\b")
# A person written with an honorific or after "owned by", who may not be a user (→ suggestions).
_JA_PERSON = re.compile(r"([\u4e00-\u9fff\u3040-\u30ffA-Za-z]{1,6}?)(?:さん|くん|氏|様)")
_EN_PERSON = re.compile(
    r"\b(?:owned by|rep|assigned to)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)|\b([A-Z][a-z]+)'s\b"
)
_EN_PERSON_STOP = set("What How Show Which Total List Give Deals The This Our My".split())
# A company name that is not in the customer master (→ "did you mean").
_COMPANY = re.compile(
    r"((?:株式会社|有限会社|\(株\))?[\w・ー]{1,20}?(?:製作所|作所|工業|精密|精工|金型|商事|電機|電装|電子|化学|産業"
    r"|工機|機械|メディカル|プレス|ダイカスト|テック)(?:株式会社|\(株\))?)"
    r"|\b([A-Z][\w&]*(?: [A-Z][\w&]*)*,? (?:Inc|Co|Ltd|Corp|LLC|GmbH)\b\.?)"
)
_STAGE_WORDS = sorted(
    {
        alias
        for info in STAGES.values()
        if info.is_open
        for alias in (info.label_ja, info.label_en, info.stage.value, *info.aliases)
    },
    key=len,
    reverse=True,
)


class PeriodError(ValueError):
    """A period that cannot exist ("13月", "2026-02-30", an end before its start)."""

    def __init__(self, written: str) -> None:
        super().__init__(written)
        self.written = written


@dataclass
class ParsedQuestion:
    query: PipelineQuery
    # What was recognised, for routing and for "what I understood": metric, deal, invoice, period…
    signals: set[str] = field(default_factory=set)
    period_error: PeriodError | None = None




def parse_question(
    text: str, vocabulary: Vocabulary, today: date, fiscal_start_month: int = 4
) -> ParsedQuestion:
    """Rules over the folded text; never raises for odd input (a bad period is reported)."""
    folded = fold(text)
    signals: set[str] = set()
    values: dict[str, object] = {}

    if _FORECAST.search(folded):
        values["subject"] = "forecast"
        signals.add("forecast")
    elif _INVOICE.search(folded) and not _DEAL_WORDS.search(folded):
        values["subject"] = "invoices"
        signals.add("invoice")
        values["invoice_status"] = _invoice_status(folded)
    if _DEAL_WORDS.search(folded):
        signals.add("deal")
    for metric, pattern in _METRICS:
        if pattern.search(folded):
            values["metric"] = metric
            signals.add("metric")
            break
    for group, pattern in _GROUPS:
        if pattern.search(folded):
            values["group_by"] = group
            signals.add("group")
            break

    customer = mentioned_customer(vocabulary, text) or _unknown_company(text)
    if customer:
        values["customer"] = customer
        signals.add("customer")
    owner = _owner(vocabulary, text, customer)
    if owner:
        values["owner"] = owner
        signals.add("owner")
    industry = next(
        (i for i in sorted(vocabulary.industries, key=len, reverse=True) if fold(i) in folded), None
    )
    if industry:
        values["industry"] = industry
        signals.add("industry")

    stages = _stages(folded)
    if stages:
        values["stages"] = stages
        signals.add("stage")
    if _ALL_STATUS.search(folded):
        values["status"] = "all"
        signals.add("status")
    elif _LOST.search(folded):
        values["status"] = "lost"
        signals.add("status")
    elif _WON.search(folded) and not stages:
        values["status"] = "won"
        signals.add("status")
    elif _OPEN.search(folded):
        signals.add("status")

    parsed = ParsedQuestion(PipelineQuery.model_validate(values), signals)
    try:
        past = values.get("status") in ("won", "lost")
        period = _fiscal_quarter(folded, today, fiscal_start_month) or _period(folded, today, past)
    except PeriodError as error:
        parsed.period_error = error
        signals.add("period")
        return parsed
    if period is not None:
        parsed.query = parsed.query.model_copy(update={"period": period})
        signals.add("period")
    return parsed


def _invoice_status(folded: str) -> str:
    if _OVERDUE.search(folded):
        return "overdue"
    if _DUE_SOON.search(folded):
        return "due_soon"
    return "all" if _ALL_INVOICES.search(folded) else "outstanding"


def _owner(vocabulary: Vocabulary, text: str, customer: str | None) -> str | None:
    if customer:  # a customer called "田中精機" is not the rep 田中
        written = [norm for _, name, norm in vocabulary.customers if name == customer] or [fold(customer)]
        text = fold(text).replace(" ", "")
        for key in (*written, fold(customer).replace(" ", "")):
            text = text.replace(key, " ")
    people = mentioned_people(vocabulary, text)
    if len(people) == 1:
        return people[0].name
    if people:
        return None
    for match in _JA_PERSON.finditer(unicodedata.normalize("NFKC", text)):
        return match.group(1)
    for match in _EN_PERSON.finditer(unicodedata.normalize("NFKC", text)):
        name = match.group(1) or match.group(2)
        if name and name.split()[0] not in _EN_PERSON_STOP:
            return name
    return None


def _unknown_company(text: str) -> str | None:
    match = _COMPANY.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    name = match.group(1) or match.group(2)
    # "…の未回収" style phrases: keep the name only, not a leading particle phrase.
    return re.split(r"[のはをがにで、,]", name)[-1] if match.group(1) else name


def _stages(folded: str) -> list[Stage]:
    squashed = folded.replace(" ", "")
    found: list[Stage] = []
    for word in _STAGE_WORDS:
        key = fold(word)
        hit = (
            re.search(rf"\b{re.escape(key)}\b", folded) if key.isascii() else key.replace(" ", "") in squashed
        )
        if hit:
            stage = parse_stage(word)
            if stage is not None and stage not in found:
                found.append(stage)
            squashed = squashed.replace(key.replace(" ", ""), " ")
            folded = folded.replace(key, " ")
    return found


def _safe_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise PeriodError(written) from error


def _month_spec(year: int, month: int, written: str) -> PeriodSpec:

    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise PeriodError(written)
    span = month_range(year, month)
    return PeriodSpec(start=span.start, end=span.end)


def _fiscal_quarter(folded: str, today: date, fiscal_start_month: int) -> PeriodSpec | None:
    """ "第3四半期" / "Q3" / "3Q": that fiscal quarter of this fiscal year (of next with 来期)."""
    match = _QUARTER.search(folded)
    if not match:
        return None
    number = int(next(group for group in match.groups() if group))
    if not 1 <= number <= 4:
        raise PeriodError(match.group(0))
    start = fiscal_year_start(today, fiscal_start_month)
    year = start.year + (1 if _NEXT_FY.search(folded) else -1 if _LAST_FY.search(folded) else 0)
    index = (year * 12 + start.month - 1) + (number - 1) * 3
    quarter = month_range(index // 12, index % 12 + 1, 3)
    return PeriodSpec(start=quarter.start, end=quarter.end)


def _period(folded: str, today: date, past: bool) -> PeriodSpec | None:
    for relative, pattern in _RELATIVE:
        if pattern.search(folded):
            return PeriodSpec(relative=relative)  # type: ignore[arg-type]
    dates = [(m, _safe_date(int(m[1]), int(m[2]), int(m[3]), m[0])) for m in _ISO_DATE.finditer(folded)]
    if len(dates) >= 2:
        (_, first), (_, second) = dates[0], dates[1]
        if second < first:
            raise PeriodError(f"{first.isoformat()} – {second.isoformat()}")
        return PeriodSpec(start=first, end=second)
    if len(dates) == 1:
        match, day = dates[0]
        after = folded[match.end() : match.end() + 12]
        before = folded[max(0, match.start() - 10) : match.start()]
        if _FROM.search(after) or _FROM.search(before):
            return PeriodSpec(start=day)
        if _UNTIL.search(after) or _UNTIL.search(before):
            return PeriodSpec(end=day)
        return PeriodSpec(start=day, end=day)
    months = [(int(m[1]), int(m[2]), m[0]) for m in _YEAR_MONTH.finditer(folded)]
    if not months:
        months = [(0, int(m[1]), m[0]) for m in _JA_MONTH.finditer(folded)]
    if not months:
        months = [
            (int(m[2]) if m[2] else 0, _EN_MONTHS.index(m[1]) + 1, m[0]) for m in _EN_MONTH.finditer(folded)
        ]
    if not months:
        return None
    specs = [
        _month_spec(year or _nearest_year(month, today, past), month, written)
        for year, month, written in months[:2]
    ]
    if len(specs) == 2:
        if specs[1].start < specs[0].start:  # "11月から2月": the second month is in the next year
            specs[1] = _month_spec(specs[1].start.year + 1, specs[1].start.month, months[1][2])
        return PeriodSpec(start=specs[0].start, end=specs[1].end)
    return specs[0]


def _nearest_year(month: int, today: date, past: bool) -> int:
    """A month without a year: the coming one for pipeline, the last one for won/lost deals."""
    if not 1 <= month <= 12:
        return today.year  # _month_spec reports the impossible month
    if past:
        return today.year if month <= today.month else today.year - 1
    return today.year if month >= today.month else today.year + 1
