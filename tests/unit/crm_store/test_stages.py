import pytest

from crm_store.stages import OPEN_STAGES, STAGES, Stage, default_probability, parse_stage


@pytest.mark.parametrize(("label", "stage"), [
    ("initial_contact", Stage.INITIAL_CONTACT), ("初期接触", Stage.INITIAL_CONTACT),
    ("提案", Stage.PROPOSAL), ("Proposal", Stage.PROPOSAL),
    ("見積", Stage.QUOTE), ("見積もり", Stage.QUOTE), ("quote", Stage.QUOTE), ("Quotation", Stage.QUOTE),
    ("交渉", Stage.NEGOTIATION), ("negotiation", Stage.NEGOTIATION),
    ("成約待ち", Stage.AWAITING_DECISION), ("内示", Stage.AWAITING_DECISION),
    ("成約待ち/内示", Stage.AWAITING_DECISION), ("Awaiting decision", Stage.AWAITING_DECISION),
    ("awaiting-decision", Stage.AWAITING_DECISION),
    ("受注", Stage.WON), ("won", Stage.WON), ("Closed Won", Stage.WON),
    ("失注", Stage.LOST), ("LOST", Stage.LOST), ("　見積　", Stage.QUOTE),
])
def test_japanese_and_english_labels_map_to_canonical_stages(label: str, stage: Stage) -> None:
    assert parse_stage(label) is stage


@pytest.mark.parametrize("label", ["", None, "maybe", "見積書送付済みかも"])
def test_unknown_labels_are_none_not_a_guess(label: str | None) -> None:
    assert parse_stage(label) is None


def test_default_probabilities_rise_through_the_funnel() -> None:
    probabilities = [default_probability(stage) for stage in Stage if stage is not Stage.LOST]
    assert probabilities == sorted(probabilities)
    assert default_probability(Stage.WON) == 100 and default_probability(Stage.LOST) == 0


def test_open_stages_exclude_won_and_lost() -> None:
    assert set(OPEN_STAGES) == set(Stage) - {Stage.WON, Stage.LOST}
    assert all(STAGES[s].label_ja and STAGES[s].label_en for s in Stage)
