"""The offline extractor and the shared validation step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.demo.dataset import DATA_DIR
from capture.extraction.ner import GinzaNer
from capture.extraction.rules import RuleExtractor, clean_summary
from capture.ports import ExtractionContext, KnownCustomer
from capture.schema import ActivityDraft, ContactDraft, FieldValue, SourceSpan
from capture.validation import DraftValidator
from core.glossary import load_glossary

TODAY = date(2026, 11, 20)
GLOSSARY = load_glossary(DATA_DIR / "glossary.yaml")
CUSTOMERS = [KnownCustomer(1, "株式会社山田製作所", "C0001"), KnownCustomer(2, "Pacific Precision Inc.", "C0005"),
             KnownCustomer(3, "三協金型(株)", "C0002")]


def extract(text: str, extractor: RuleExtractor | None = None) -> ActivityDraft:
    context = ExtractionContext(today=TODAY, glossary=GLOSSARY, customers=CUSTOMERS, own_company=("東邦精機",))
    raw = (extractor or RuleExtractor()).extract(text, context)
    return DraftValidator(GLOSSARY, [c.name for c in CUSTOMERS]).validate(raw, text)


def test_japanese_visit_memo() -> None:
    text = ("本日、山田製作所を訪問し、製造部の木村部長と面談。レーザー加工機の見積を提示、金額は税抜き880万。"
            "大和も1,100万円で提案済み。次回:来週金曜までにサンプル加工の結果を送付する。")
    draft = extract(text)
    assert draft.customer.value == "山田製作所" and draft.customer.confidence >= 0.9
    assert draft.activity_type.value == "visit"
    assert draft.deal.amount.value == Decimal(8_800_000)  # not the competitor's 1,100万円
    assert draft.deal.stage.value == "quote"
    assert [(c.name.value, c.title.value) for c in draft.contacts] == [("木村", "部長")]
    assert [c.value for c in draft.competitors] == ["大和マシナリー"]
    assert draft.competitors[0].source.text == "大和"
    assert [(a.description.value, a.due.value) for a in draft.next_actions] == [
        ("来週金曜までにサンプル加工の結果を送付する", date(2026, 11, 27))]
    for field in draft.named_fields().values():
        if field.source is not None:
            assert text[field.source.start:field.source.end] == field.source.text


def test_english_memo() -> None:
    draft = extract("Visited Pacific Precision today, met John Miller, the plant manager. They are negotiating "
                    "price on the 5-axis machine, budget around $45k. Fujimoto Laser also quoted. "
                    "Next: send revised quote by Friday.")
    assert draft.customer.value == "Pacific Precision"
    assert draft.language == "en"
    assert (draft.deal.amount.value, draft.deal.currency.value) == (Decimal(45_000), "USD")
    assert draft.deal.stage.value == "negotiation"
    assert [(c.name.value, c.title.value) for c in draft.contacts] == [("John Miller", "plant manager")]
    assert [a.due.value for a in draft.next_actions] == [date(2026, 11, 27)]


def test_transcript_fillers_are_not_in_the_summary() -> None:
    text = "えーと、あの、三協金型さんに電話しました。えー、小野課長が、見積提示した350万円で内示をいただけそうとのこと。"
    draft = extract(text)
    assert draft.customer.value == "三協金型" and draft.activity_type.value == "call"
    assert draft.deal.stage.value == "awaiting_decision"
    assert "えーと" not in draft.summary.value and "あの" not in draft.summary.value


def test_own_company_is_never_the_customer() -> None:
    draft = extract("東邦精機の営業会議。新規の見込み客はなし。")
    assert draft.customer.value is None


def test_lost_wins_over_other_stage_cues() -> None:
    draft = extract("山田製作所、見積提示していたが価格で失注。Fujimotoに決定。")
    assert draft.deal.stage.value == "lost"


@pytest.mark.parametrize(("text", "stage"), [
    ("富岳工機、更新は見送り。", "lost"),
    ("メディテック浜松、受注が確定しました。", "won"),
    ("Emailed Pacific Precision the formal quote.", "quote"),
    ("山田製作所、来週見積を提出する。", None),  # a plan, not the deal's stage yet
])
def test_stage_cues(text: str, stage: str | None) -> None:
    assert extract(text).deal.stage.value == stage


def test_intentions_are_next_actions_and_past_actions_are_not() -> None:
    draft = extract("山田製作所に電話。仕様書は送付済み。来週中に見積へ進める。")
    # 来週中 is any day next week: the action is kept, its due left for the rep (not next Monday).
    assert [(a.description.value, a.due.value) for a in draft.next_actions] == [("来週中に見積へ進める", None)]
    assert draft.activity_type.value == "call"


def test_memo_style_future_actions_without_a_verb_are_next_actions() -> None:
    draft = extract("山田製作所を訪問。見積を提示。来週金曜に再訪。")
    assert [(a.description.value, a.due.value) for a in draft.next_actions] == [("来週金曜に再訪", date(2026, 11, 27))]
    assert draft.activity_type.value == "visit"  # today's visit, not the planned one


def test_a_planned_visit_is_not_todays_activity_type() -> None:
    draft = extract("武蔵野ダイカストから注文書を受領。来週月曜に工場を訪問する予定。")
    assert draft.activity_type.value is None and draft.deal.stage.value == "won"


def test_honorific_lookalikes_are_not_people() -> None:
    draft = extract("山田製作所、防爆仕様の件。先方も同様の模様。")
    assert draft.contacts == []


def test_unknown_company_is_proposed_from_its_shape() -> None:
    draft = extract("株式会社さくら精密を初回訪問。")
    assert draft.customer.value == "株式会社さくら精密" and draft.customer.confidence < 0.9
    assert draft.deal.stage.value == "initial_contact"


def test_several_uncued_amounts_are_left_empty() -> None:
    draft = extract("山田製作所。200万円、500万円、800万円の3案。")
    assert draft.deal.amount.value is None
    assert any(w.key == "low_confidence" and w.params["field"] == "deal.amount" for w in draft.warnings)


def test_summary_is_cut_at_a_sentence() -> None:
    summary = clean_summary("あ" * 300 + "。" + "い" * 400)
    assert summary.endswith("。…") and len(summary) < 320


class TestValidation:
    text = "山田製作所の木村部長と面談。見積350万円。"

    def validate(self, draft: ActivityDraft) -> ActivityDraft:
        return DraftValidator(GLOSSARY, [c.name for c in CUSTOMERS]).validate(draft, self.text)

    def test_invented_amount_and_name_are_dropped(self) -> None:
        draft = ActivityDraft(customer=FieldValue[str](value="北斗電子工業", confidence=0.9),
                              contacts=[ContactDraft(name=FieldValue[str](value="佐藤", confidence=0.9))])
        draft.deal.amount = FieldValue(value=Decimal(5_000_000), confidence=0.95)
        checked = self.validate(draft)
        assert checked.customer.value is None and checked.deal.amount.value is None and checked.contacts == []
        assert sorted(w.params["field"] for w in checked.warnings if w.key == "not_in_source") == [
            "contacts.0.name", "customer", "deal.amount"]

    def test_low_confidence_is_emptied_with_a_warning(self) -> None:
        draft = ActivityDraft(customer=FieldValue[str](value="山田製作所", confidence=0.4))
        checked = self.validate(draft)
        assert checked.customer.value is None
        assert [w.key for w in checked.warnings] == ["low_confidence"]

    def test_wrong_offsets_are_relocated_from_the_quote(self) -> None:
        draft = ActivityDraft(customer=FieldValue[str](value="山田製作所", confidence=0.9,
                                                       source=SourceSpan(start=40, end=45, text="山田製作所")))
        checked = self.validate(draft)
        assert checked.customer.source == SourceSpan(start=0, end=5, text="山田製作所")

    def test_stage_labels_become_codes_and_nonsense_is_dropped(self) -> None:
        draft = ActivityDraft()
        draft.deal.stage = FieldValue[str](value="見積", confidence=0.9)
        assert self.validate(draft).deal.stage.value == "quote"
        draft.deal.stage = FieldValue[str](value="almost there", confidence=0.9)
        assert self.validate(draft).deal.stage.value is None


@pytest.fixture(scope="session")
def ginza() -> GinzaNer:
    pytest.importorskip("ginza")
    ner = GinzaNer()
    if not ner.entities("株式会社山田製作所を訪問。"):
        pytest.skip("ja_ginza is not installed")
    return ner


@pytest.mark.slow
def test_ginza_finds_a_company_the_rules_do_not(ginza: GinzaNer) -> None:
    text = "本日はパナソニックを訪問し、購買の方と面談。"
    assert extract(text).customer.value is None
    draft = extract(text, RuleExtractor(ner=ginza))
    assert draft.customer.value == "パナソニック" and draft.customer.confidence < 0.9
