"""Who is in a memo: the customer, its people and the competitors (rules, CRM names, glossary, NER)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from capture.extraction.spans import FoldedText, span
from capture.ports import KnownCustomer
from capture.schema import ContactDraft, FieldValue, SourceSpan
from core.glossary import Glossary
from crm_store.names import COMPANY_KINDS, normalize_customer_name


@dataclass(frozen=True)
class Mention:
    value: str
    source: SourceSpan
    confidence: float
    customer_id: int | None = None


_KANJI_NAME = r"[\u4e00-\u9fff々]{1,4}"
_JA_COMPANY = re.compile(
    r"(?:株式会社|有限会社|合同会社|\(株\)|（株）|㈱)\s*[\u3040-\u30ff\u4e00-\u9fff々ーA-Za-z0-9]{2,16}?"
    r"(?=さん|様|御中|の|に|へ|で|は|が|と|を|、|。|\s|$)"
    r"|[\u30a0-\u30ff\u4e00-\u9fff々ーA-Za-z0-9]{2,16}?(?:株式会社|\(株\)|（株）|㈱|" + "|".join(COMPANY_KINDS) + ")"
    r"(?=さん|様|御中|の|に|へ|で|は|が|と|を|、|。|\s|$)")
_EN_COMPANY = re.compile(
    r"\b((?:[A-Z][A-Za-z0-9&\-]+\s){0,3}[A-Z][A-Za-z0-9&\-]+),?\s(?:Inc\.?|Corp\.?|Corporation|Co\.,?\s?Ltd\.?|"
    r"Ltd\.?|LLC|GmbH|K\.K\.|Industries|Manufacturing)(?=\W|$)")
_EN_LEAD_WORDS = re.compile(r"(?:(?:Visited|Visiting|Visit|Met|Meeting|Called|Call|Emailed|Email|Spoke|Lunch|Dinner|"
                            r"With|At|From|For|Re|Fwd|Update|Quick|Note|Today|Yesterday)\s)+")
JA_TITLES = ("代表取締役", "取締役", "社長", "専務", "常務", "部長代理", "部長", "次長", "課長代理", "課長", "係長", "主任",
             "工場長", "所長", "室長", "班長", "マネージャー", "担当者", "担当", "購買担当", "リーダー")
_LABELS_BEFORE_NAME = ("担当者", "担当")
_JA_PERSON = re.compile(
    rf"(?:(?P<dept>[\u4e00-\u9fff\u30a0-\u30ffー]{{1,8}}(?:部|課|室|グループ|工場))の?)?"
    rf"(?P<name>{_KANJI_NAME}?|(?<![\u3041-\u3096])[\u3041-\u3096]{{2,5}}(?=[ \u3000]?(?:{'|'.join(JA_TITLES)})))"
    rf"(?:[ \u3000]?(?P<title>{'|'.join(JA_TITLES)})|さん|様|氏)")
# A family name as written: Holm, O'Neill, McDonald.
_EN_SURNAME = r"(?:Mc|O['’])?[A-Z][a-z]+"
_EN_TITLE = (r"(?:purchasing|procurement|plant|production|engineering|maintenance|sales|quality|operations|"
             r"general|project)?\s?"
             r"(?:manager|director|engineer|buyer|lead|supervisor)|CEO|CTO|COO|CFO|president|owner|head of \w+|"
             r"VP(?: of)? \w+")
# "Anna Holm (procurement)": a department in parentheses after a name says where the person works.
_EN_DEPARTMENT = (r"procurement|purchasing|engineering|maintenance|quality|QA|finance|sales|operations|"
                  r"production|IT")
_EN_PERSON = re.compile(
    rf"(?:\b(?:Mr|Ms|Mrs|Dr)\.?\s)?(?P<name>[A-Z][a-z]+(?:\s{_EN_SURNAME})?)(?:,\s?(?:the |their |our )?"
    rf"(?P<title>{_EN_TITLE})\b|\s\((?P<title2>{_EN_TITLE}|{_EN_DEPARTMENT})\))")
_EN_MET = re.compile(rf"\b(?:met|meeting|with|called|e-?mailed|phoned|[Ss]poke (?:to|with)|"
                     rf"[Tt]alked (?:to|with))\s"
                     rf"(?:Mr\.?\s|Ms\.?\s)?"
                     rf"(?P<name>[A-Z][a-z]+(?:\s{_EN_SURNAME})?)\b(?!['’])")
# "Contact: Markus Weber", "Attendees: Tom Alvarez (QA Manager), Priya Shah", "Ms. Rivera", "Sarah Lind called".
_EN_CONTACT_LIST = re.compile(r"\b(?:[Cc]ontacts?|[Aa]ttendees|[Pp]articipants|[Pp]eople)\s*:\s*(?P<list>[^.;\n]+)")
_EN_LIST_ITEM = re.compile(r"(?:^|,\s*|\band\s+)(?:(?:Mr|Ms|Mrs|Dr)\.?\s)?(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_EN_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_EN_SAYS = re.compile(r"\b(?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\s(?:called|said|says|mentioned|asked|confirmed|emailed|"
                      r"wrote|replied)\b")
_EN_APPOSITIVE = re.compile(r"\b(?:[Tt]heir|[Tt]he|[Oo]ur)\s(?:[A-Z]{2,4}|(?:[a-z]+ )?(?:manager|director|engineer|buyer|"
                            r"lead|head|officer)|owner|president)\s?,\s(?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\b")
# "(Anna Vogel and Peter Braun)": people listed in parentheses.
_EN_PAREN_LIST = re.compile(r"\((?P<list>[A-Z][a-z]+ [A-Z][a-z]+(?:(?:,\s*|\s+and\s+)[A-Z][a-z]+ [A-Z][a-z]+)+)\)")
_EN_BEFORE_ORG = re.compile(r"\b(?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\s(?:\((?=[A-Z][\w&\- ]+\))|at\s(?=[A-Z]))")
_EN_IN_PARENS = re.compile(r"[A-Za-z.]\s\((?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\)")
_NOT_PEOPLE = {"当社", "弊社", "先方", "御社", "本日", "今回", "次回", "工場", "担当", "製造", "購買", "社内", "訪問", "面談",
               "電話", "同席", "出席", "新任", "前任", "後任"}
# "模様", "仕様", "同様": 様 after these is part of a word, not an honorific.
_NOT_BEFORE_SAMA = set("模仕同多異態文書皆有")
_EN_STOPWORDS = {"The", "We", "They", "Next", "Visit", "Call", "Meeting", "Met", "With", "Today", "Tomorrow",
                 "Quote", "Deal", "Budget", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "PO", "Our"}


def find_known_customers(text: str, customers: list[KnownCustomer], glossary: Glossary) -> list[Mention]:
    """CRM customers (by normalized name or ERP code) and glossary customer aliases in the text."""
    folded = FoldedText(text)
    found: list[Mention] = []
    by_key = {normalize_customer_name(c.name): c for c in customers}
    for customer in customers:
        key = normalize_customer_name(customer.name)
        if len(key) >= 2:
            for hit in folded.find_all(key):
                found.append(Mention(hit.text, hit, 0.95, customer.id))
        if customer.erp_code:
            for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(customer.erp_code)}(?![A-Za-z0-9])", text):
                found.append(Mention(customer.name, span(text, *match.span()), 0.95, customer.id))
    for entry in glossary.customers:
        target = by_key.get(normalize_customer_name(entry.name))
        for alias in entry.spellings:
            for hit in folded.find_all(alias):
                found.append(Mention(entry.name, hit, 0.9, target.id if target else None))
    return found


def find_company_names(text: str) -> list[Mention]:
    """Names shaped like companies (株式会社…, …製作所, … Inc.) that the CRM may not know yet."""
    found = [Mention(m.group(0).strip(), span(text, m.start(), m.end()), 0.75) for m in _JA_COMPANY.finditer(text)]
    for match in _EN_COMPANY.finditer(text):
        # "Visited Apex Tooling Inc.": the capitalized verb that starts the memo is not part of the name.
        start = match.start() + (lead.end() if (lead := _EN_LEAD_WORDS.match(match.group(0))) else 0)
        found.append(Mention(text[start:match.end()].strip(), span(text, start, match.end()), 0.75))
    return found


def _ends_katakana_word(text: str, start: int) -> bool:
    """True when the kanji at ``start`` end a word that began in katakana: 「ミナト機械さん」 is a company with an
    honorific, not a person 機械."""
    while start > 0 and re.match(r"[\u4e00-\u9fff々]", text[start - 1]):
        start -= 1
    return start > 0 and bool(re.match(r"[\u30a1-\u30faー]", text[start - 1]))


def find_contacts(text: str, excluded: list[SourceSpan]) -> list[ContactDraft]:
    """People with a title or an honorific (木村部長, 小野課長, 山田さん, John Smith, purchasing manager)."""
    contacts: dict[str, ContactDraft] = {}

    def overlaps(start: int, end: int) -> bool:
        return any(start < e.end and e.start < end for e in excluded)

    for match in _JA_PERSON.finditer(text):
        name, name_start = match.group("name"), match.start("name")
        # "担当渡辺係長": a label said or written without its colon is not part of the name.
        label = next((w for w in _LABELS_BEFORE_NAME if name and name.startswith(w) and len(name) > len(w)), "")
        name, name_start = name[len(label):] if name else name, name_start + len(label)
        # The whole match: "総額さんびゃくまんえん" has a さん that belongs to a number.
        if not name or name in _NOT_PEOPLE or overlaps(name_start, match.end()):
            continue
        if name.endswith(("部", "課", "室", "社", "所", "場")) or _ends_katakana_word(text, name_start):
            continue
        if text[match.end() - 1] == "様" and name[-1] in _NOT_BEFORE_SAMA:
            continue
        draft = contacts.setdefault(name, ContactDraft())
        if not draft.name.present:
            draft.name = FieldValue[str](value=name, confidence=0.85, source=span(text, name_start, match.end("name")))
        if match.group("title") and not draft.title.present:
            draft.title = FieldValue[str](value=match.group("title"), confidence=0.8,
                                          source=span(text, *match.span("title")))
    listed = [(m.start("list") + item.start("name"), item)
              for pattern in (_EN_CONTACT_LIST, _EN_PAREN_LIST) for m in pattern.finditer(text)
              for item in _EN_LIST_ITEM.finditer(m.group("list"))]
    for offset, item in listed:
        name = item.group("name")
        start = offset
        if name.split()[0] in _EN_STOPWORDS or overlaps(start, start + len(name)):
            continue
        draft = contacts.setdefault(name, ContactDraft())
        if not draft.name.present:
            draft.name = FieldValue[str](value=name, confidence=0.8, source=span(text, start, start + len(name)))
    for pattern in (_EN_PERSON, _EN_MET, _EN_HONORIFIC, _EN_SAYS, _EN_APPOSITIVE, _EN_BEFORE_ORG, _EN_IN_PARENS):
        for match in pattern.finditer(text):
            name = match.group("name")
            if name.split()[0] in _EN_STOPWORDS or overlaps(match.start("name"), match.end("name")):
                continue
            # "Sarah Lind" found with a title, "Lind" alone after "Ms.": one person.
            same = next((k for k in contacts if k.split()[-1] == name.split()[-1] and (k in name or name in k)), name)
            draft = contacts.setdefault(same, ContactDraft())
            if not draft.name.present:
                draft.name = FieldValue[str](value=name, confidence=0.8, source=span(text, *match.span("name")))
            title_group = next((g for g in ("title", "title2") if g in match.re.groupindex and match.group(g)), None)
            if title_group and not draft.title.present:
                draft.title = FieldValue[str](value=match.group(title_group).strip(), confidence=0.8,
                                              source=span(text, *match.span(title_group)))
    return sorted(contacts.values(), key=lambda c: c.name.source.start if c.name.source else 0)
