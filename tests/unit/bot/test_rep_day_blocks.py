"""Reminder and App Home blocks: pure functions, within Slack's limits even when the lists are long."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from bot.slack import action_ids
from bot.slack.app_home_blocks import build_home_view, text_bars
from bot.slack.reminder_blocks import build_reminder_blocks, replace_action_controls
from crm_store.rep_day.views import (
    ActionItem,
    CustomerActions,
    DraftItem,
    HomeView,
    OverdueCustomer,
    RepReminder,
    StageLine,
    StaleDeal,
)
from tests.e2e.blocks_check import block_problems, view_problems

TODAY = date(2026, 11, 20)


def _item(n: int, customer: int | None = 1, days_late: int = 0, text: str | None = None) -> ActionItem:
    return ActionItem(id=n, customer_id=customer, customer=f"顧客{customer}" if customer else None,
                      description=text or f"見積提出 {n}", due=TODAY - timedelta(days=days_late),
                      overdue=days_late > 0)


def _reminder(items: list[ActionItem], more: int = 0, language: str = "ja") -> RepReminder:
    groups = [CustomerActions(customer_id=i.customer_id, customer=i.customer, actions=[i]) for i in items]
    lang = "en" if language == "en" else "ja"
    return RepReminder(user_id=1, user="鈴木 一郎", slack_user_id="U1", language=lang, today=TODAY,
                       groups=groups, more=more)


def _dicts(blocks: list) -> list[dict]:
    return [b.to_dict() for b in blocks]


def test_a_full_reminder_stays_within_slacks_limits() -> None:
    # 15 actions of 15 customers (the most one message carries), one description over 3,000 characters.
    items = [_item(n, customer=n, days_late=n) for n in range(1, 15)] + [_item(15, text="長" * 5000)]
    blocks = _dicts(build_reminder_blocks(_reminder(items, more=7)))
    assert block_problems(blocks) == []
    assert len(blocks) <= 50
    assert "ほか7件" in json.dumps(blocks, ensure_ascii=False)


def test_each_action_has_done_snooze_and_open_customer_with_its_id() -> None:
    reminder = _reminder([_item(7, days_late=3), _item(8, customer=None)], language="en")
    blocks = _dicts(build_reminder_blocks(reminder))
    controls = {b["block_id"]: b for b in blocks if b["type"] == "actions"}
    first = [e["action_id"] for e in controls[f"{action_ids.ACTION_CONTROLS_PREFIX}7"]["elements"]]
    assert first == [action_ids.REMINDER_DONE, action_ids.REMINDER_SNOOZE_DAY,
                     action_ids.REMINDER_SNOOZE_WEEK, action_ids.OPEN_CUSTOMER]
    no_customer = [e["action_id"] for e in controls[f"{action_ids.ACTION_CONTROLS_PREFIX}8"]["elements"]]
    assert action_ids.OPEN_CUSTOMER not in no_customer
    text = json.dumps(blocks)
    assert "3 day(s) overdue" in text and "due today" in text and "(no customer)" in text


def test_replacing_one_actions_buttons_keeps_the_others() -> None:
    blocks = _dicts(build_reminder_blocks(_reminder([_item(1), _item(2)])))
    replaced = replace_action_controls(blocks, 1, "✅ done")
    assert [b["type"] for b in replaced].count("actions") == 1
    note = next(b for b in replaced if b.get("block_id") == f"{action_ids.ACTION_CONTROLS_PREFIX}1")
    assert note["type"] == "context" and note["elements"][0]["text"] == "✅ done"
    assert block_problems(replaced) == []


def test_text_bars_scale_to_the_largest_stage_in_each_currency() -> None:
    lines = [StageLine(stage="proposal", label="提案", currency="JPY", count=2, amount=Decimal(50_000_000)),
             StageLine(stage="quote", label="見積", currency="JPY", count=1, amount=Decimal(100_000_000)),
             StageLine(stage="quote", label="見積", currency="USD", count=1, amount=Decimal(68_000))]
    rows = text_bars(lines, "ja").splitlines()
    assert rows[0].startswith("`██████░░░░░░`") and rows[1].startswith("`████████████`")
    assert rows[2].startswith("`████████████`") and "$68,000" in rows[2]


def test_a_managers_home_with_long_lists_is_a_valid_home_view() -> None:
    home = HomeView(
        user_id=1, user="高橋 誠", slack_user_id="U1", role="manager", language="ja", today=TODAY,
        actions=[_item(n, customer=n, days_late=n % 3) for n in range(15)], actions_total=40,
        deals_by_stage=[StageLine(stage="quote", label="見積", currency="JPY", count=3, amount=Decimal(1))],
        overdue_customers=[OverdueCustomer(customer_id=n, customer=f"顧客{n}", invoices=2,
                                           outstanding={"JPY": Decimal(1_210_000)}, oldest_due=TODAY)
                           for n in range(30)],
        drafts=[DraftItem(input_id=n, kind="audio", customer=None, received=TODAY) for n in range(5)],
        is_manager=True,
        pipeline_by_stage=[StageLine(stage="quote", label="見積", currency="JPY", count=6,
                                     amount=Decimal(70_000_000))],
        stale_deals=[StaleDeal(id=n, name="案件" * 100, customer="顧客", owner=None, stage="quote",
                               stage_label="見積", amount=None, currency="JPY", last_activity=None)
                     for n in range(20)],
    )
    view = build_home_view(home)
    assert view_problems(view) == []
    text = json.dumps(view, ensure_ascii=False)
    assert "40件中15件" in text and "ステージ別パイプライン" in text and "未割当" in text
    accessories = [(b.get("accessory") or {}).get("action_id") for b in view["blocks"]]
    assert accessories.count(action_ids.OPEN_DRAFT) == 5


def test_a_reps_home_has_no_manager_sections() -> None:
    home = HomeView(user_id=2, user="Emily Carter", slack_user_id="U2", role="rep", language="en",
                    today=TODAY, actions=[], actions_total=0, deals_by_stage=[], overdue_customers=[],
                    drafts=[])
    text = json.dumps(build_home_view(home))
    assert "Nothing open" in text and "Pipeline by stage" not in text
