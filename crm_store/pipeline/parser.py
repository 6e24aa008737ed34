"""The offline parser: Japanese and English phrasing → `PipelineQuery`, by rules that can be read.

Every rule that fires leaves a `Mention`: which words it read (a span of the folded question, or the
keys of a name) and what they mean for the query. The router reads the signals; the coverage check
(`coverage.py`) reads the mentions to prove every content word of the question was used — for this
parser's query and for the LLM's alike. Names are kept as written; `resolve.py` validates them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from core.text import fold
from crm_store.names import by_short_name, normalize_customer_name
from crm_store.pipeline import amounts, periods_text
from crm_store.pipeline.periods_text import PeriodError
from crm_store.pipeline.query import GroupBy, Metric, PipelineQuery
from crm_store.pipeline.vocabulary import (
    Vocabulary,
    customers_by_reading,
    mentioned_people,
    people_by_reading,
)
from crm_store.pipeline.words import Word, is_content, is_kana, split_words
from crm_store.stages import Stage, parse_stage, stage_words

__all__ = ["Mention", "ParsedQuestion", "PeriodError", "parse_question"]

_METRICS: tuple[tuple[Metric, re.Pattern[str]], ...] = (
    ("average", re.compile(r"平均|\baverage\b|\bavg\b|\bmean\b")),
    ("weighted", re.compile(r"加重|確度|見込み?額|見込み?金額|ヨミ|\bweighted\b|expected value|probability")),
    ("count", re.compile(r"何件|件数|いくつ|何個|何社|\bhow many\b|\bnumber of\b|\bcount\b")),
    (
        "sum",
        re.compile(
            r"合計|いくら|幾ら|総額|金額|総計|トータル|どのくらい|どれくらい|どれだけ|どのぐらい"
            r"|\btotal\b|how much|\bsum\b|\bvalue\b|\bamount\b|\bworth\b"
        ),
    ),
)
_FORECAST = re.compile(
    r"予実|見込み?と実績|見込み?対実績|実績と見込|\bforecast\b.*\bactual|\bactual\b.*\bforecast"
    r"|\bvs\.? actual|versus actual|against actual"
)
_INVOICE = re.compile(
    r"請求|未回収|入金|売掛|延滞|支払|払って|払われ|期日超過|回収|invoices?|overdue|receivables?|unpaid|outstanding"
    r"|payments?|past due|\bow(?:e|es|ed|ing)\b|billing|billed|\bdue\b|未払|期日|支払期限|\bpaid\b"
)
_OVERDUE = re.compile(
    r"期日超過|期限超過|延滞|遅延|遅れ|期限切れ|期日を?過ぎ|期限を?過ぎ|overdue|past due|\blate\b"
)
_DUE_SOON = re.compile(
    r"期日が近|期日間近|もうすぐ|近日|due soon|coming due|due within|due in the next|due this week"
    r"|upcoming"
)
# Words that say "not yet paid": they win over 請求額 ("今月が期日の未入金の請求額").
_UNPAID = re.compile(
    r"未入金|未回収|未払|入金待ち|売掛|unpaid|outstanding|\bow(?:e|es|ed|ing)\b"
    r"|(?:has|have|had|is|are|was|were)n'?t (?:yet )?(?:been )?paid|not (?:yet )?(?:been )?paid"
    r"|払っていない|払われていない|支払われていない"
)
# Money received ("paid invoices", 「入金済みの請求」), not "unpaid" / "hasn't paid" / "not yet paid".
_PAID = re.compile(
    r"入金済|入金した|入金された|入金額|支払済|支払い済|支払われた|回収済|回収した|回収額|払い済"
    r"|(?<!not )(?<!n't )(?<!yet )(?<!n't been )(?<!not been )\b(?:paid|received)\b"
)
_ALL_INVOICES = re.compile(
    r"請求総額|請求額|請求金額|請求した|請求実績|発行|invoiced|billed|all invoices|total invoices"
    r"|did we invoice|we invoice"
)
# Closing words count as deal words: "受注予定の金額", "expected to close next month".
_DEAL_WORDS = re.compile(
    r"案件|商談|パイプライン|引き合い|ディール|受注予定|受注見込|成約予定|クローズ|\bdeals?\b|opportunit\w*"
    r"|pipeline|\bclos(?:e|es|ing)\b"
)
_OPEN = re.compile(
    r"進行中|進捗中|未完了|オープン|アクティブ|\bopen\b|\bactive\b|in progress|ongoing|pipeline|パイプライン"
)
_WON = re.compile(r"(?<!見込)(?:受注|成約|獲得)(?!予定|見込|待ち|予測)|\bwon\b|\bwins?\b|closed[- ]won")
_LOST = re.compile(r"失注|\blost\b|\blose\b|\blosing\b|closed[- ]lost|取りこぼ|負け")
_CLOSED = re.compile(r"\bclosed\b(?![- ](?:won|lost))|\bcompleted\b|クローズ済|クローズした|決着|完了した")
_ALL_STATUS = re.compile(
    r"全ステータス|受注.失注を?含|失注も含|すべての状態|including (?:won|lost|closed)|any status"
    r"|\bopen (?:and|or|vs\.?) closed\b"
)
_LOSS_REASON = re.compile(r"失注理由|理由|原因|敗因|\bwhy\b|\breasons?\b|内訳|breakdown")
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
# "Who owes us?" / 「どこが払っていない?」: one line per customer.
_WHO = re.compile(r"\bwho\b|\bwhich (?:customers?|clients?|accounts?|companies)\b|誰|どこ|どの(?:顧客|会社|取引先)")
_EN_PERSON = re.compile(
    r"\b(?:owned by|rep|assigned to)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)|\b([A-Z][a-z]+)'s\b"
)
_EN_PERSON_STOP = set("What How Show Which Total List Give Deals The This Our My Who Let".split())
_HONORIFICS = {"さん", "くん", "氏", "様", "さま", "san", "kun", "sama"}
# A company name that is not in the customer master (→ "did you mean").
_COMPANY = re.compile(
    r"((?:株式会社|有限会社|\(株\))?[\w・ー]{1,20}?(?:製作所|作所|工業|精密|精工|金型|商事|電機|電装|電子|化学|産業"
    r"|工機|機械|メディカル|プレス|ダイカスト|テック)(?:株式会社|\(株\))?)"
    r"|\b([A-Z][\w&]*(?: [A-Z][\w&]*)*,? (?:Inc|Co|Ltd|Corp|LLC|GmbH)\b\.?)"
)
_STAGE_WORDS = stage_words(open_only=True)
_STAGE_NOUN = re.compile(r"段階|ステージ|フェーズ|\bstages?\b|\bphases?\b")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    """Words the parser read and what they mean: ``field`` of the query ← ``value``."""

    field: str  # metric, deal, invoice, invoice_status, forecast, group, stage, status, owner, customer, …
    value: object
    start: int = 0  # span in the folded question; names carry keys instead
    end: int = 0
    keys: tuple[str, ...] = ()
    written: str = ""

    def covers(self, word: Word) -> bool:
        if word.start < self.end and self.start < word.end:  # overlapping: "今月中" read as "今月"
            return True
        key = normalize_customer_name(word.key)
        return bool(key) and any(key in k for k in self.keys)


@dataclass
class ParsedQuestion:
    query: PipelineQuery
    # What was recognised, for routing and for "what I understood": metric, deal, invoice, period…
    signals: set[str] = field(default_factory=set)
    period_error: PeriodError | None = None
    mentions: list[Mention] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    folded: str = ""


def parse_question(
    text: str, vocabulary: Vocabulary, today: date, fiscal_start_month: int = 4
) -> ParsedQuestion:
    """Rules over the folded text; never raises for odd input (a bad period is reported)."""
    display = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    folded = display.casefold() if len(display.casefold()) == len(display) else display.lower()
    found: list[Mention] = []

    def spans(name: str, pattern: re.Pattern[str], value: object = True) -> bool:
        hits = [Mention(name, value, m.start(), m.end()) for m in pattern.finditer(folded)]
        found.extend(hits)
        return bool(hits)

    forecast = spans("forecast", _FORECAST)
    deal = spans("deal", _DEAL_WORDS)
    invoice = spans("invoice", _INVOICE)
    for metric, pattern in _METRICS:
        spans("metric", pattern, metric)
    for group, pattern in _GROUPS:
        spans("group", pattern, group)
    stages = _stages(folded, found)
    status = _status(folded, bool(stages), spans)
    if invoice and not deal:
        statuses = (
            ("overdue", _OVERDUE), ("due_soon", _DUE_SOON), ("outstanding", _UNPAID), ("paid", _PAID),
            ("all", _ALL_INVOICES),
        )
        for status_name, pattern in statuses:
            spans("invoice_status", pattern, status_name)
        spans("group", _WHO, "customer")
    elif status == "lost":
        spans("group", _LOSS_REASON, "loss_reason")
    words = split_words(display)
    customers = _customers(vocabulary, display, found)
    _owners(vocabulary, display, words, customers, found)
    # Not inside a customer's name: 三協金型 is a customer, not the industry 金型.
    unnamed = normalize_customer_name(display)
    for mention in found:
        if mention.field == "customer":
            unnamed = unnamed.replace(mention.keys[0], " ")
    industry = next(
        (
            i
            for i in sorted(vocabulary.industries, key=len, reverse=True)
            if normalize_customer_name(i) in unnamed
        ),
        None,
    )
    if industry:
        found.append(Mention("industry", industry, keys=(normalize_customer_name(industry),)))
    found.extend(amounts.mentions(folded))
    parsed = ParsedQuestion(PipelineQuery(), set(), None, found, words, folded)
    try:
        period = periods_text.find_period(folded, today, fiscal_start_month, status in ("won", "lost"), found)
    except PeriodError as error:
        parsed.period_error = error
        period = None
    _names_by_reading(vocabulary, words, found)
    _english_people(display, found)
    parsed.query = _query(found, forecast, invoice and not deal, period)
    parsed.signals = _signals(found, parsed)
    return parsed


def _query(found: list[Mention], forecast: bool, invoices: bool, period: object) -> PipelineQuery:
    def first(name: str) -> object | None:
        return next((m.value for m in found if m.field == name), None)

    def every(name: str) -> list[object]:
        return list(dict.fromkeys(m.value for m in found if m.field == name))

    values: dict[str, object] = {
        "subject": "forecast" if forecast else "invoices" if invoices else "deals",
        "stages": every("stage"),
        "owners": every("owner"),
        "customers": every("customer"),
        "industry": first("industry"),
        "period": period,
        "amount": amounts.combine([m for m in found if m.field == "amount"]),
    }
    for name in ("metric", "status", "group_by"):
        value = first("group" if name == "group_by" else name)
        if value is not None:
            values[name] = value
    if invoices:
        values["invoice_status"] = first("invoice_status") or "outstanding"
    return PipelineQuery.model_validate(values)


def _signals(found: list[Mention], parsed: ParsedQuestion) -> set[str]:
    names = {m.field for m in found} - {"invoice_status"}
    signals = {"group" if n == "group" else n for n in names}
    if parsed.period_error is not None or parsed.query.period is not None:
        signals.add("period")
    signals.discard("period_word")
    return signals


def _status(folded: str, staged: bool, spans) -> str | None:  # type: ignore[no-untyped-def]
    if spans("status", _ALL_STATUS, "all"):
        return "all"
    if spans("status", _LOST, "lost"):
        if not staged:  # 「受注も失注もしてない」, "won and lost": read both, so one status cannot pass for the two
            spans("status", _WON, "won")
        return "lost"
    if spans("status", _CLOSED, "closed"):
        return "closed"
    if not staged and spans("status", _WON, "won"):
        return "won"
    spans("status", _OPEN, "open")
    return None


def _stages(folded: str, found: list[Mention]) -> list[Stage]:
    stages: list[Stage] = []
    taken: list[tuple[int, int]] = []
    for word in _STAGE_WORDS:
        key = fold(word)
        pattern = rf"\b{re.escape(key)}\b" if key.isascii() else re.escape(key)
        for match in re.finditer(pattern, folded):
            if any(s <= match.start() < e or s < match.end() <= e for s, e in taken):
                continue  # "見積" inside an already read "見積もり"
            stage = parse_stage(word)
            if stage is not None:
                taken.append((match.start(), match.end()))
                found.append(Mention("stage", stage, match.start(), match.end()))
                if stage not in stages:
                    stages.append(stage)
    if stages:  # "提案か見積の段階": the word for "stage" is part of what was read
        for match in _STAGE_NOUN.finditer(folded):
            found.append(Mention("stage", stages[0], match.start(), match.end()))
    return stages


def _customers(vocabulary: Vocabulary, display: str, found: list[Mention]) -> list[str]:
    """Every customer of the master named in the text (longest names first), then unknown companies."""
    key = normalize_customer_name(display)
    names: list[str] = []
    for customer in sorted(vocabulary.customers, key=lambda c: len(c.normalized), reverse=True):
        norm = customer.normalized
        if len(norm) >= 2 and norm in key:
            key = key.replace(norm, " ")
            names.append(customer.name)
            keys = (norm, fold(customer.name).replace(" ", ""))  # the legal form as written, too
            found.append(Mention("customer", customer.name, keys=keys, written=customer.name))
    # A short name (京浜スプリング for 京浜スプリング工業) that is one customer's, and no other's.
    shortened = by_short_name((customer.name, customer.normalized) for customer in vocabulary.customers)
    for short, owners in sorted(shortened.items(), key=lambda item: -len(item[0])):
        if len(owners) == 1 and short in key:
            key = key.replace(short, " ")
            names.append(owners[0])
            found.append(Mention("customer", owners[0], keys=(short,), written=short))
    if not names:
        for match in _COMPANY.finditer(display):
            name = match.group(1) or match.group(2)
            # "…の未回収" style phrases: keep the name only, not a leading particle phrase.
            name = re.split(r"[のはをがにで、,]", name)[-1] if match.group(1) else name
            names.append(name)
            keys = (normalize_customer_name(name),)
            found.append(Mention("customer", name, match.start(), match.end(), keys, written=name))
    return names


def _owners(
    vocabulary: Vocabulary, display: str, words: list[Word], customers: list[str], found: list[Mention]
) -> None:
    text = normalize_customer_name(display)
    for mention in found:
        if mention.field == "customer":  # a customer called "田中精機" is not the rep 田中
            text = text.replace(mention.keys[0], " ")
    people = mentioned_people(vocabulary, text)
    for person in people:
        keys = tuple(k for k in person.keys if k in text) or person.keys
        found.append(Mention("owner", person.name, keys=keys, written=person.name))
    known = {key for person in people for key in person.keys}
    # A person written with an honorific ("山本さん") or "owned by X", who may not be a user.
    for index, word in enumerate(words[1:], start=1):
        if word.key not in _HONORIFICS:
            continue
        before = [w for w in words[max(0, index - 2) : index] if w.pos[0] == "名詞" or w.is_latin]
        name = "".join(w.text for w in before[-2:] if w.pos[1] == "固有名詞" or w.is_latin) or (
            before[-1].text if before else ""
        )
        key = normalize_customer_name(name)
        if name and not any(key in k or k in key for k in known) and not _covered(found, key):
            found.append(Mention("owner", name, keys=(key,), written=name))


def _english_people(display: str, found: list[Mention]) -> None:
    """ "Watanabe's", "owned by X": a person who may not be a user (after names read by their sound)."""
    for match in _EN_PERSON.finditer(display):
        name = match.group(1) or match.group(2)
        key = normalize_customer_name(name or "")
        if name and name.split()[0] not in _EN_PERSON_STOP and not _covered(found, key):
            found.append(Mention("owner", name, keys=(key,), written=name))


def _covered(found: list[Mention], key: str) -> bool:
    return any(key and any(key in k or k in key for k in m.keys) for m in found if m.keys)


def _names_by_reading(vocabulary: Vocabulary, words: list[Word], found: list[Mention]) -> None:
    """Romaji and kana words no rule read: a rep or customer whose reading they match ("Sato")."""
    pending = [
        w
        for w in words
        if is_content(w)
        and (w.is_latin or is_kana(w))
        and not any(m.covers(w) for m in found)
        and w.key not in _HONORIFICS
    ]
    i = 0
    while i < len(pending):
        for size in (3, 2, 1):  # "hokuto denshi kogyo" before "hokuto"
            run = pending[i : i + size]
            if len(run) < size or any(b.start - a.end > 1 for a, b in zip(run, run[1:], strict=False)):
                continue
            written = " ".join(w.text for w in run)
            keys = tuple(w.key for w in run)
            customers = customers_by_reading(vocabulary, written)
            people = [] if customers else people_by_reading(vocabulary, written)
            if len(customers) == 1:
                found.append(Mention("customer", customers[0].name, keys=keys, written=written))
            elif len(people) == 1:
                found.append(Mention("owner", people[0].name, keys=keys, written=written))
            elif customers or people:  # several sound alike: resolve says which ones
                field_name = "customer" if customers else "owner"
                found.append(Mention(field_name, written, keys=keys, written=written))
            else:
                continue
            i += size
            break
        else:
            i += 1
