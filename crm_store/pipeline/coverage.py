"""Coverage: every content word of a question is used by the query, or reported — never silently dropped.

After either parser (offline rules or LLM tool calling) has filled a `PipelineQuery`, each content word
of the question (`words.py`) is checked: a word a rule read (a `Mention`) is *used* when the query
carries what the rule read (the stage, the rep, the period, the amount bound…); a word no rule read is
*used* when the query names it (an LLM may read more than the rules). A word left over that looks like a
condition — a name, a period, a number, an amount, a stage — means the number would be computed without
it: the answer refuses ("I understood 見積 but not 'Sato' — did you mean 佐藤 健太?"). Other words left
over are listed with the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.i18n import has_japanese
from core.readings import reading_key
from crm_store.names import normalize_customer_name, normalize_person_name
from crm_store.pipeline.amounts import Bound, bound_used
from crm_store.pipeline.parser import Mention, ParsedQuestion
from crm_store.pipeline.query import PipelineQuery
from crm_store.pipeline.vocabulary import Vocabulary, similar_names
from crm_store.pipeline.words import Word, condition_kind, is_content

_KANJI = re.compile(r"[\u3400-\u9fff々]")
# What is counted: a word right before it says which rows.
_SUBJECTS = {"deal", "invoice"}
_OF = {"of", "on", "for", "across", "per"}
# A rule's reading that changes which rows are counted, or which number is the headline.
_CONDITIONS = {
    "forecast", "invoice", "invoice_status", "deal", "metric", "stage", "status",
    "owner", "customer", "industry", "period", "amount",
}


@dataclass(frozen=True)
class Unused:
    """Words of the question the query does not use, and what they looked like."""

    written: str
    kind: str  # name, period, number, amount, stage, owner, customer, status, …
    suggestions: tuple[str, ...] = ()


@dataclass
class Coverage:
    understood: list[str] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)  # conditions: the answer must not give a number
    ignored: list[str] = field(default_factory=list)  # other words: reported with the answer

    @property
    def complete(self) -> bool:
        return not self.unused


def check_coverage(parsed: ParsedQuestion, query: PipelineQuery, vocabulary: Vocabulary) -> Coverage:
    """Account for every content word of ``parsed``'s question against ``query`` (from either parser)."""
    coverage = Coverage()
    words = [w for w in parsed.words if is_content(w)]
    japanese = has_japanese(parsed.folded)
    pending: list[tuple[Word, str | None]] = []  # unused words and the condition they look like
    unused_mentions: dict[int, Mention] = {}
    for word in words:
        mention = next((m for m in parsed.mentions if m.covers(word)), None)
        if mention is not None:
            if _used(mention, query):
                coverage.understood.append(word.text)
            else:
                unused_mentions.setdefault(id(mention), mention)
        elif _named_by_query(word, query):
            coverage.understood.append(word.text)
        else:
            pending.append((word, condition_kind(word, in_japanese=japanese)))
    for mention in unused_mentions.values():  # what a rule read, as written: "this quarter", "Sato"
        written = parsed.folded[mention.start : mention.end] if mention.end > mention.start else mention.written
        if mention.field in _CONDITIONS:
            coverage.unused.append(Unused(written, mention.field))
        else:
            coverage.ignored.append(written)
    for run, kind in _with_modifiers(_runs(pending), parsed):
        written = _written(run)
        if kind is None:
            coverage.ignored.append(written)
            continue
        named = (*query.owners, *query.customers)
        names = kind in ("name", "owner", "customer")
        suggestions = tuple(similar_names(vocabulary, written)) if names else ()
        if any(same_name(s, n) for s in suggestions for n in named):
            coverage.understood.append(written)  # "Emilly Carter": a misspelling of the rep already named
            continue
        coverage.unused.append(Unused(written, kind, suggestions))
    coverage.understood = list(dict.fromkeys(coverage.understood))
    return coverage


def _used(mention: Mention, query: PipelineQuery) -> bool:
    """Whether ``query`` carries what the rule read from these words."""
    value = mention.value
    match mention.field:
        case "forecast":
            return query.subject == "forecast"
        case "invoice":
            return query.subject in ("invoices", "forecast")
        case "invoice_status":
            return query.subject == "invoices" and query.invoice_status == value
        case "deal":
            return query.subject in ("deals", "forecast")
        case "metric":  # every deal answer shows the count and the total; other measures must be asked for
            return query.metric == value or value in ("sum", "count")
        case "group":
            return query.group_by == value
        case "stage":
            return value in query.stages
        case "status":
            if value == "open":
                return query.status == "open" or bool(query.stages) or query.subject == "forecast"
            return query.status == value or (value in ("won", "lost") and query.status == "closed")
        case "owner":
            return any(
                same_name(str(value), name) or same_name(mention.written, name) for name in query.owners
            )
        case "customer":
            return any(
                same_name(str(value), name, company=True) or same_name(mention.written, name, company=True)
                for name in query.customers
            )
        case "industry":
            industry = normalize_customer_name(query.industry or "")
            return bool(industry) and industry == normalize_customer_name(str(value))
        case "period":
            return query.period is not None
        case "amount":
            return isinstance(value, Bound) and bound_used(value, query.amount)
    return False


def same_name(a: str, b: str, company: bool = False) -> bool:
    """One person (or company) written two ways: 佐藤 / 佐藤 健太 / Sato / サトウ."""
    if not a or not b:
        return False
    normalize = normalize_customer_name if company else normalize_person_name
    key_a, key_b = normalize(a), normalize(b)
    if key_a and key_b and (key_a in key_b or key_b in key_a):
        return True
    if _KANJI.search(key_a) and _KANJI.search(key_b):
        return False  # two names in kanji: the spelling decides, not a guess at the sound
    sound_a, sound_b = reading_key(key_a), reading_key(key_b)
    return bool(sound_a) and bool(sound_b) and (sound_a.startswith(sound_b) or sound_b.startswith(sound_a))


def _named_by_query(word: Word, query: PipelineQuery) -> bool:
    """A word no rule read that the query names anyway (an LLM's reading of "Sato", an industry)."""
    names = [*query.owners, *query.customers, *([query.industry] if query.industry else [])]
    key = normalize_customer_name(word.text)
    if not key:
        return False
    for name in names:
        if key in normalize_customer_name(name):
            return True
        sound = reading_key(word.text)
        if len(sound) >= 3 and sound in reading_key(normalize_customer_name(name)):
            return True
    return False


def _runs(pending: list[tuple[Word, str | None]]) -> list[tuple[list[Word], str | None]]:
    """Adjacent unused words of one kind as one phrase ("Hokuto Denshi")."""
    runs: list[tuple[list[Word], str | None]] = []
    for word, kind in pending:
        if runs and runs[-1][1] == kind and word.start - runs[-1][0][-1].end <= 1:
            runs[-1][0].append(word)
        else:
            runs.append(([word], kind))
    return runs


def _with_modifiers(runs: list[tuple[list[Word], str | None]],
                    parsed: ParsedQuestion) -> list[tuple[list[Word], str | None]]:
    """Words right before what is counted say which rows ("robot arm deals", 「大型の案件」): a condition, or
    the end of the one just before them (「5000以上の案件」). Words that name what to compute of it (「案件の
    粗利は?」, 「平均値引き率」, "the gross margin on … deals") are the measure: one the query lacks."""
    result: list[tuple[list[Word], str | None]] = []
    for run, kind in runs:
        if kind is None and _modifies_subject(run, parsed):
            if result and result[-1][1] is not None and run[0].start - result[-1][0][-1].end <= 1:
                result[-1] = ([*result[-1][0], *run], result[-1][1])
                continue
            kind = "modifier"
        elif kind is None and _names_measure(run, parsed):
            kind = "measure"
        result.append((run, kind))
    return result


def _modifies_subject(run: list[Word], parsed: ParsedQuestion) -> bool:
    """Whether the words stand right before what is counted ("… deals", 「…の案件」, "… invoices")."""
    after = [w for w in parsed.words if w.start >= run[-1].end and w.text.strip()]
    if after and after[0].text == "の":
        after = after[1:]
    return bool(after) and _read_as(after[0], parsed, _SUBJECTS)


def _names_measure(run: list[Word], parsed: ParsedQuestion) -> bool:
    """Whether the words are what the question asks to compute: in Japanese, last after what is counted or how
    (「案件の粗利は?」, 「平均値引き率」); in English, before "of/on/for" and what is counted ("the gross margin
    on Suzuki's won deals")."""
    before = [w for w in parsed.words if w.end <= run[0].start and w.text.strip()]
    after = [w for w in parsed.words if w.start >= run[-1].end and w.text.strip()]
    if all(w.is_latin for w in run):
        return (bool(after) and after[0].key in _OF and any(_read_as(w, parsed, _SUBJECTS) for w in after)
                and not any(_read_as(w, parsed, _SUBJECTS) for w in before))
    if before and before[-1].text == "の":
        before = before[:-1]
    return (bool(before) and _read_as(before[-1], parsed, _SUBJECTS | {"metric"})
            and not any(is_content(w) for w in after))


def _read_as(word: Word, parsed: ParsedQuestion, fields: set[str]) -> bool:
    return any(m.field in fields and m.covers(word) for m in parsed.mentions)


def _written(run: list[Word]) -> str:
    return " ".join(w.text for w in run) if all(w.is_latin for w in run) else "".join(w.text for w in run)
