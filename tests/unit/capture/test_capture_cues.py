"""General cues of the offline extractor: competitors, departments, English organisations vs people,
spelling variants and spoken numbers; a field the memo does not state stays empty."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from capture.amounts import find_amounts
from capture.dates import resolve_date
from capture.extraction.organizations import find_english_organizations, is_department
from capture.extraction.rules import RuleExtractor
from capture.ports import ExtractionContext, KnownCustomer
from capture.schema import ActivityDraft
from core.glossary import Entry, Glossary

TODAY = date(2026, 12, 1)  # a Tuesday
GLOSSARY = Glossary(competitors=[Entry("大和マシナリー", ("大和", "Yamato")), Entry("ケイテック", ("K-Tech",)),
                                 Entry("Fujimoto Laser", ("フジモトレーザー",))])
CRM = [KnownCustomer(1, "株式会社山田製作所", "C0001", "ヤマダセイサクショ"),
       KnownCustomer(2, "有限会社高森精工", None, "タカモリセイコウ")]


def extract(text: str, customers: list[KnownCustomer] | None = None) -> ActivityDraft:
    context = ExtractionContext(today=TODAY, glossary=GLOSSARY, customers=customers or [], own_company=("東邦精機",))
    return RuleExtractor().extract(text, context)


@pytest.mark.parametrize(("memo", "competitors"), [
    ("競合はミナト機械とのこと。", ["ミナト機械"]),          # not in the glossary: named by the cue alone
    ("競合：ケイテック、価格はあちらが安い。", ["ケイテック"]),
    ("競合がオークマテックで、向こうは千八百万円。", ["オークマテック"]),
    ("5軸は大和マシナリーと比較されている。", ["大和マシナリー"]),
    ("K-Techとの相見積もりになった。", ["ケイテック"]),
    ("ヤマトさんとの比較になってるみたいです。", ["大和マシナリー"]),  # a glossary name by its reading
    ("They are comparing us with K-Tech and Haas Automation.", ["ケイテック", "Haas Automation"]),
    ("Proposal presented, $95k. vs Fujimoto Laser.", ["Fujimoto Laser"]),
    ("Competitor: Haas. Follow up next Tuesday.", ["Haas"]),
    ("競合は特になし。", []),
    ("他社との比較はまだ。", []),
])
def test_competitor_cues(memo: str, competitors: list[str]) -> None:
    assert [c.value for c in extract(memo).competitors] == competitors


@pytest.mark.parametrize("name", ["品質保証部", "購買部", "情報システム室", "生産技術グループ", "procurement department"])
def test_departments_are_never_customers(name: str) -> None:
    assert is_department(name)
    assert not is_department("北斗電子工業") and not is_department("Westfield Packaging")


def test_a_department_before_the_company_does_not_become_the_customer() -> None:
    draft = extract("購買部から連絡あり。株式会社オカモト精工、レーザー加工機の見積依頼。担当は購買部の川口さん。")
    assert draft.customer.value == "株式会社オカモト精工"
    assert [c.name.value for c in draft.contacts] == ["川口"]
    assert extract("情報システム部の方と打ち合わせ。").customer.value is None


@pytest.mark.parametrize(("memo", "organisation", "people"), [
    ("Call with Westfield Packaging — spoke to Laura Chen, their plant manager.", "Westfield Packaging",
     ["Laura Chen"]),
    ("Visited Siemens Healthineers at their Erlangen site. Contact: Markus Weber.", "Siemens Healthineers",
     ["Markus Weber"]),
    ("Phone call with Daniel Kim, VP Engineering at Crestview Medical.", "Crestview Medical", ["Daniel Kim"]),
    ("Met Ms. Rivera (Director of Operations) at Harbor Foods Corp.", "Harbor Foods Corp.", ["Rivera"]),
    ("Lakeside Metalworks: Sarah Lind called about the VMC.", "Lakeside Metalworks", ["Sarah Lind"]),
    ("Meeting w/ Brightwater Foods Inc. Attendees: Tom Alvarez (QA Manager), Priya Shah.", "Brightwater Foods Inc.",
     ["Tom Alvarez", "Priya Shah"]),
])
def test_english_organisations_and_people_by_position_and_cue(memo: str, organisation: str,
                                                              people: list[str]) -> None:
    draft = extract(memo)
    assert draft.customer.value == organisation
    assert [c.name.value for c in draft.contacts] == people


def test_a_title_of_is_not_an_organisation() -> None:
    assert [s.text for s in find_english_organizations("Met the Director of Operations today.")] == []


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("総額さんびゃくまんえんのお見積り", "3000000", "JPY"),
    ("せんにひゃくまんえんで発注", "12000000", "JPY"),
    ("よんひゃくごじゅうまんえん", "4500000", "JPY"),
    ("三百万円で受注", "3000000", "JPY"),
    ("二千四百五十万円のお見積り", "24500000", "JPY"),
    ("概算で6百万円", "6000000", "JPY"),
    ("1億2千万円", "120000000", "JPY"),
    ("the three million yen quote", "3000000", "JPY"),
    ("about two hundred fifty thousand dollars", "250000", "USD"),
    ("1.5 million dollars", "1500000", "USD"),
])
def test_spoken_and_written_out_numbers(text: str, value: str, currency: str) -> None:
    [found] = find_amounts(text)
    assert (found.value, found.currency) == (Decimal(value), currency)
    assert text[found.start:found.end] == found.text


@pytest.mark.parametrize("text", ["数百万円の規模", "万全の体制", "一台のみ", "十分な説明", "さんにお願い"])
def test_words_that_only_look_like_numbers_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_written_out_dates() -> None:
    assert resolve_date("来月十日までに", TODAY) == date(2027, 1, 10)
    assert resolve_date("十二月三日", TODAY) == date(2026, 12, 3)


@pytest.mark.parametrize("memo", ["見積を提出しました。", "見積もりを提出しました。", "見積りを提出しました。",
                                  "見つもりを提出しました。", "みつもりを提出しました。"])
def test_spelling_variants_of_quote_read_alike(memo: str) -> None:
    draft = extract(memo)
    assert draft.deal.stage.value == "quote"
    assert draft.deal.stage.source is not None and memo.startswith(draft.deal.stage.source.text[:2])


def test_a_homophone_of_a_crm_customer_is_the_customer_mention() -> None:
    draft = extract("本日、山田政策書様を訪問。品質保証部の井上課長と面談。", CRM)
    assert draft.customer.value == "山田政策書" and draft.customer.confidence < 0.9
    assert [c.name.value for c in draft.contacts] == ["井上"]
    assert extract("高森成功さんに電話しました。", CRM).customer.value == "高森成功"


def test_fields_the_memo_does_not_state_stay_empty() -> None:
    draft = extract("来週の展示会の準備について社内で相談した。")
    assert draft.customer.value is None and draft.deal.amount.value is None and draft.deal.stage.value is None
    assert draft.competitors == [] and draft.contacts == []
    # A competitor's price is theirs, not our deal's.
    assert extract("競合がオークマテックで、向こうは千八百万円だそうです。").deal.amount.value is None


def test_earlier_loss_and_future_order_are_not_this_deals_stage() -> None:
    assert extract("前回失注した5軸の後継案件。提案書を説明した。").deal.stage.value == "proposal"
    assert extract("VMC 980万 内示。正式発注は来月。").deal.stage.value == "awaiting_decision"


def test_a_competitors_stage_and_price_are_not_ours_unless_we_speak_again() -> None:
    assert extract("ケイテックも提案中。予算は480万円。").deal.stage.value is None
    draft = extract("ケイテックとの一騎打ちで、うちは700万円を提示しました。")
    assert draft.deal.amount.value == Decimal("7000000") and draft.deal.stage.value == "quote"


def test_a_discount_is_not_the_deal_amount() -> None:
    assert extract("They want 1.2 million yen off the list price.").deal.amount.value is None
    assert extract("100万円の値引きを要望された。").deal.amount.value is None


@pytest.mark.parametrize(("memo", "organisation", "people"), [
    ("Visited Apex Tooling Inc. with our engineer.", "Apex Tooling Inc.", []),
    ("Fwd from Jim Hale (Northgate Tools): they'd like a formal quote.", "Northgate Tools", ["Jim Hale"]),
    ("Email from Anna Vogel at Greenline Robotics GmbH about the cobots.", "Greenline Robotics GmbH", ["Anna Vogel"]),
    ("Lunch meeting with Orion Plastics. Their CFO, Mark Dunn, joined.", "Orion Plastics", ["Mark Dunn"]),
    ("quick note re: Summit Fabrication - lost it.", "Summit Fabrication", []),
])
def test_people_next_to_organisations(memo: str, organisation: str, people: list[str]) -> None:
    draft = extract(memo)
    assert draft.customer.value == organisation
    assert [c.name.value for c in draft.contacts] == people


@pytest.mark.parametrize(("memo", "stage"), [
    ("検査カメラ、正式に注文いただきました。", "won"),
    ("保守契約、更新で決まりました。", "won"),
    ("お見積り(総額740万円)をご説明した。", "quote"),
    ("うちは一億二千万円で提案中です。", "proposal"),
])
def test_more_ways_to_say_a_stage(memo: str, stage: str) -> None:
    assert extract(memo).deal.stage.value == stage


@pytest.mark.parametrize(("memo", "field", "value"), [
    ("たかもり精工さんから でんわ。", "activity_type", "call"),
    ("ささき課長と うちあわせ。", "activity_type", "meeting"),
    ("しんしゅう精密さんに いきました。", "activity_type", "visit"),
    ("にひゃくまんえんで ないじ もらいました。", "deal.stage", "awaiting_decision"),
    ("No call today; I emailed Linda Park the revised proposal.", "activity_type", "email"),
    ("本日は社内研修のため顧客訪問なし。", "activity_type", None),
])
def test_cue_words_typed_in_kana_and_negated(memo: str, field: str, value: str | None) -> None:
    assert extract(memo).named_fields()[field].value == value


def test_space_separated_note_items_are_read_one_by_one() -> None:
    draft = extract("丸和工業 見積提出 VMC 2台 1,960万 明後日TELフォロー")
    assert draft.deal.stage.value == "quote" and draft.activity_type.value is None
    assert [a.due.value for a in draft.next_actions] == [date(2026, 12, 3)]


def test_a_competitor_typed_in_kana_after_a_kana_cue() -> None:
    assert [c.value for c in extract("きょうごうは やまとさん。").competitors] == ["大和マシナリー"]


def test_a_label_before_a_name_is_not_part_of_it() -> None:
    from capture.extraction.entities import find_contacts

    text = "北斗電子工業 購買部訪問、担当渡辺係長"
    [contact] = find_contacts(text, [])
    assert contact.name.value == "渡辺" and contact.title.value == "係長"
    assert contact.name.source is not None and text[contact.name.source.start:contact.name.source.end] == "渡辺"


# Typed round after held-out 5: cue kinds its memos showed missing, each in words of its own.
def test_a_note_item_that_only_says_when_or_names_a_slot_goes_with_the_next_item() -> None:
    draft = extract("山田製作所 訪問 工場長 近藤さん 提案 競合 オークマテック 来週木曜 再訪")
    assert draft.deal.stage.value == "proposal"  # 「提案」 alone as an item
    assert [c.value for c in draft.competitors] == ["オークマテック"]
    assert [a.due.value for a in draft.next_actions] == [date(2026, 12, 10)]


def test_an_amount_in_a_note_is_not_a_discount_because_the_next_item_is_one() -> None:
    draft = extract("若葉プレス 前田課長 電話 ロボット 2台 480万 値引き要望 3% 明日回答")
    assert (draft.deal.amount.value, draft.deal.currency.value) == (Decimal(4_800_000), "JPY")
    assert draft.deal.stage.value == "negotiation"


@pytest.mark.parametrize(("memo", "stage"), [
    ("They signed off on the service contract renewal at $12,000.", "won"),
    ("佐々木さんから、もう少し値引きできないかと相談がありました。", "negotiation"),
    ("Cold call to Apex Tooling this morning.", "initial_contact"),
    ("オリオン機械さんから電話、見積書を来週月曜までに再提出してほしいとのこと。", "quote"),  # sent once already
])
def test_stage_cues_of_the_typed_round(memo: str, stage: str) -> None:
    assert extract(memo).deal.stage.value == stage


def test_a_call_received_is_the_activity_even_in_a_sentence_that_asks_for_something() -> None:
    draft = extract("オリオン機械さんから電話、見積書を来週月曜までに再提出してほしいとのこと。")
    assert draft.activity_type.value == "call"
    assert [a.due.value for a in draft.next_actions] == [date(2026, 12, 7)]


@pytest.mark.parametrize(("memo", "people"), [
    ("Teams meeting with Lars Nilsen (CTO) and Eva Lund (purchasing).", ["Lars Nilsen", "Eva Lund"]),
    ("Talked to Sean O'Brien, maintenance manager.", ["Sean O'Brien"]),
    ("山田製作所を訪問。オリオン機械さんも入っているそうです。購買の山口部長と面談。", ["山口"]),  # 機械 is no person
])
def test_people_of_the_typed_round(memo: str, people: list[str]) -> None:
    assert [c.name.value for c in extract(memo).contacts] == people


@pytest.mark.parametrize(("memo", "competitors"), [
    ("ケイテックさんと、あとオリオン精機さんも来ているらしい。", ["ケイテック", "オリオン精機"]),
    ("大和さんと田中さんも同席。", ["大和マシナリー"]),  # a person listed with a competitor is no competitor
])
def test_a_company_listed_with_a_known_competitor_competes_too(memo: str, competitors: list[str]) -> None:
    assert [c.value for c in extract(memo).competitors] == competitors


def test_a_competitor_list_with_honorifics_and_a_filler() -> None:
    draft = extract("競合はケイテックさんと、えー、大和さんです。")
    assert [c.value for c in draft.competitors] == ["ケイテック", "大和マシナリー"]


@pytest.mark.parametrize(("memo", "dues"), [
    ("来週火曜に結果確認の電話を入れる", [date(2026, 12, 8)]),
    ("契約書は来週月曜に送ります", [date(2026, 12, 7)]),
    ("Follow up Monday.", [date(2026, 12, 7)]),
    ("来週中に事例資料をお送りします。", [None]),  # any day next week: no due rather than a wrong one
    ("次の設備更新は来年度の予定とのことです。", []),  # the customer's plan, reported
    ("転送します。\n件名: 打合せ議事録", []),  # the act of forwarding, not a to-do
])
def test_next_actions_of_the_typed_round(memo: str, dues: list[date | None]) -> None:
    assert [a.due.value for a in extract(memo).next_actions] == dues


def test_an_online_mtg_is_a_meeting() -> None:
    assert extract("西村工場長と online MTG。").activity_type.value == "meeting"
