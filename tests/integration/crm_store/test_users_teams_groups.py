"""Users CSV: the ``team`` (SALESBOT_REP_VISIBILITY=team) and ``groups`` (knowledge visibility) columns,
on SQLite and PostgreSQL, all the way to the `Asker` a user asks as."""

from __future__ import annotations

from pathlib import Path

from crm_store.csv_import.importer import import_csv
from crm_store.db import Database
from crm_store.service import CrmService
from knowledge.permissions import readable_by

USERS = ("氏名,Slack ID,役割,チーム,グループ\n"
         "鈴木 一郎,U1,営業,東日本,engineering; 関西\n"
         "佐藤 健太,U2,rep,東日本,\n"
         "高橋 誠,U3,manager,,\n")


def _import(db: Database, tmp_path: Path, text: str, name: str = "users.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_csv(db, "users", path, actor="test")


def test_team_and_groups_come_from_the_users_csv_to_the_asker(db: Database, tmp_path: Path) -> None:
    report = _import(db, tmp_path, USERS)
    assert (report.created, report.errors) == (3, [])
    crm = CrmService(db, visibility="team")
    suzuki = crm.asker(crm.find_user("U1"))
    assert (suzuki.role, suzuki.team, suzuki.groups) == ("rep", "東日本", ["engineering", "関西"])
    assert readable_by(suzuki) == ["everyone", "group:engineering", "group:関西"]
    sato, takahashi = crm.asker(crm.find_user("U2")), crm.asker(crm.find_user("U3"))
    assert crm.scope(suzuki) == crm.scope(sato) and len(crm.scope(suzuki).owners or ()) == 2
    assert crm.scope(takahashi).is_everything and "group:managers" in readable_by(takahashi)
    assert CrmService(db, visibility="own").scope(suzuki).owners == frozenset({suzuki.user_id})

    # Re-importing updates a team; an empty cell keeps what is there; a bad group name is the row's error.
    again = _import(db, tmp_path, "name,slack_user_id,team,groups\n佐藤 健太,U2,西日本,\n鈴木 一郎,U1,,bad group!\n",
                    "again.csv")
    assert again.updated == 1 and len(again.errors) == 1 and "bad group!" in again.errors[0].render("en")
    assert crm.asker(crm.find_user("U2")).team == "西日本"
    assert crm.asker(crm.find_user("U1")).groups == ["engineering", "関西"]
    assert crm.scope(crm.asker(crm.find_user("U1"))).owners == frozenset({suzuki.user_id})  # alone in 東日本
