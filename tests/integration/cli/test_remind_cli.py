"""`salesbot remind` and `salesbot digest` on the demo data, as an admin runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.demo.dataset import DATA_DIR, load_demo_data
from bot.settings import Settings
from bot.wiring import build_services


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    for name in ("SALESBOT_DATABASE_URL", "SALESBOT_DATA_DIR", "SALESBOT_LANGUAGE", "SALESBOT_DEBUG",
                 "SALESBOT_LLM", "SLACK_BOT_TOKEN", "SALESBOT_SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    data_dir = tmp_path / "data"
    services = build_services(Settings(_env_file=None, data_dir=data_dir))
    load_demo_data(services.crm, tmp_path / "demo-import", today=None)
    services.close()

    def invoke(*args: str):
        return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], catch_exceptions=False)

    return invoke


def test_remind_dry_run_json_lists_exactly_each_reps_due_and_overdue_actions(run) -> None:
    result = run("remind", "--dry-run", "--json", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    entries = {e["user"]: e for e in json.loads(result.output)}
    assert set(entries) >= {"鈴木 一郎", "佐藤 健太", "田中 美咲", "Emily Carter"}
    emily = entries["Emily Carter"]
    assert emily["slack_user_id"] == "U0DEMO006"
    assert emily["actions"] == [{"id": emily["actions"][0]["id"], "customer": "Pacific Precision Inc.",
                                 "description": "Prepare JPY quote with installation schedule",
                                 "due": "2026-10-02", "overdue": True}]
    for entry in entries.values():
        assert all(a["due"] <= "2026-11-20" for a in entry["actions"])
        assert all(a["overdue"] == (a["due"] < "2026-11-20") for a in entry["actions"])
    # Each rep's own: no action appears under two people.
    ids = [a["id"] for e in entries.values() for a in e["actions"]]
    assert len(ids) == len(set(ids))
    # Exactly the demo CSV's next actions due by the 20th, each under the rep who logged it.
    expected: dict[str, set[str]] = {}
    with (DATA_DIR / "activities.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["next_action"] and row["next_action_due"] and row["next_action_due"] <= "2026-11-20":
                expected.setdefault(row["owner"], set()).add(row["next_action"])
    got = {user: {a["description"] for a in e["actions"]} for user, e in entries.items() if e["actions"]}
    assert got == expected


def test_remind_for_one_person_in_text(run) -> None:
    result = run("remind", "--dry-run", "--today", "2026-11-20", "--user", "Emily Carter")
    assert result.exit_code == 0
    assert "Pacific Precision Inc." in result.output and "49 day(s) overdue" in result.output
    assert "鈴木" not in result.output


def test_sending_without_a_slack_token_is_a_clear_error(run) -> None:
    result = run("remind", "--today", "2026-11-20")
    assert result.exit_code == 1 and "SLACK_BOT_TOKEN" in result.output


def test_digest_dry_run_for_a_manager(run) -> None:
    result = run("digest", "U0DEMO001", "--dry-run", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "Forecast vs actual" not in result.output  # the manager's language is Japanese
    assert "見込みと実績" in result.output and "日以上活動なし" in result.output
    refused = run("digest", "U0DEMO003", "--dry-run")
    assert refused.exit_code == 1 and "managers" in refused.output


def test_the_console_demo_shows_the_askers_reminder(tmp_path: Path) -> None:
    from bot.demo.console import Console
    from core.clock import today

    services = build_services(Settings(_env_file=None, data_dir=tmp_path / "demo", language="ja"))
    try:
        load_demo_data(services.crm, tmp_path / "shifted", today=today())  # the demo's dates around today
        out: list[str] = []
        Console(services, services.asker_for("U0DEMO006"), "en", out.append).handle("remind")
    finally:
        services.close()
    assert out[0].startswith("Good morning!") and "Pacific Precision Inc." in out[0]
    assert "49 day(s) overdue" in out[0]


@pytest.mark.parametrize(("day", "why"), [("2026-11-23", "勤労感謝の日"), ("2026-11-21", "Saturday")])
def test_reminders_by_hand_keep_the_teams_days_off(run, day: str, why: str) -> None:
    # A cron line running `salesbot remind` daily must not DM the team on a Saturday or a public holiday
    # (SALESBOT_HOLIDAYS=JP by default); nothing is tried, so no Slack token is needed to be told so.
    result = run("remind", "--today", day, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"sent": 0, "today": day, "day_off": why}
    text = run("remind", "--today", day)
    assert "not a working day" in text.output and "--force" in text.output
    # --force sends anyway: here it gets as far as needing Slack.
    forced = run("remind", "--today", day, "--force")
    assert forced.exit_code == 1 and "SLACK_BOT_TOKEN" in forced.output
