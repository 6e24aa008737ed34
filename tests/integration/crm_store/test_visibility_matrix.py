"""The permission matrix: every answer path × role × SALESBOT_REP_VISIBILITY, on SQLite and PostgreSQL.

The oracle: what a person may see is what an admin sees in a copy of the database holding only the
records that person may see (customers are shared; deals, invoices, activities and next actions are
not). A rep's answer must equal that admin's answer, number for number and row for row, and must not
name another rep's deal or invoice anywhere in its text.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, func, select, text, update
from sqlmodel import col

from core.errors import UserFacingError
from core.questions import Answer, Asker, Question, route_question
from crm_store.db import Database
from crm_store.invoicing.service import InvoiceService
from crm_store.lookup_answers import CrmLookupAnswerer
from crm_store.models import Activity, Customer, Deal, Invoice, NextAction, User
from crm_store.pipeline.answerer import PipelineAnswerer
from crm_store.service import CrmService
from crm_store.visibility import RepVisibility, Scope, asker_for_user, scope_for
from tests.conftest import DEMO_TODAY, POSTGRES_URL, require_postgres

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The ordinary questions of issue 12 (5 of 9 leaked before) and one of every other answer path.
QUESTIONS = [
    "見積の案件",  # CRM look-up: deals in a stage
    "交渉中の案件は?",
    "deals in negotiation",
    "株式会社山田製作所",  # a bare customer name: the customer card (鈴木's customer)
    "有限会社丸和工業の案件は?",  # a customer of 佐藤's
    "武蔵野ダイカスト株式会社",  # a manager's customer
    "顧客一覧",
    "見積段階の案件の合計は?",  # pipeline aggregate
    "担当者別の案件金額は?",  # grouped (the chart's numbers)
    "受注した案件",
    "今四半期の見込みと実績は?",  # forecast vs actual
    "期日超過の請求は?",  # invoices
    "overdue invoices by customer",
    "未回収の請求の合計は?",
]
TEAMS = {"鈴木 一郎": "east", "佐藤 健太": "east", "田中 美咲": "west", "Emily Carter": "west"}
POLICIES: list[RepVisibility] = ["own", "team", "all"]


def _new_database(dialect: str, tmp: Path) -> tuple[Database, str | None]:
    if dialect == "sqlite":
        return Database(f"sqlite:///{tmp / f'{uuid.uuid4().hex[:8]}.db'}"), None
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    return Database(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"), schema


def _load(database: Database, tmp: Path) -> None:
    from bot.demo.dataset import load_demo_data

    database.migrate()
    assert load_demo_data(CrmService(database), tmp / uuid.uuid4().hex[:8], today=None).errors == 0
    with database.session("test") as session:
        for user in session.exec(select(User)).scalars():
            user.team = TEAMS.get(user.name)
            session.add(user)


def _keep_only(database: Database, scope: Scope) -> None:
    """Delete every deal, invoice, activity and next action outside ``scope`` (customers stay)."""
    with database.session("test") as session:
        visible_deals = select(Deal.id).where(scope.deal_clause())
        for table in (Activity, NextAction):
            session.execute(update(table).where(col(table.deal_id).not_in(visible_deals)).values(deal_id=None))
        session.execute(delete(NextAction).where(col(NextAction.id).not_in(
            select(NextAction.id).where(scope.next_action_clause()))))
        session.execute(delete(Activity).where(col(Activity.id).not_in(
            select(Activity.id).where(scope.activity_clause()))))
        session.execute(delete(Deal).where(col(Deal.id).not_in(visible_deals)))
        session.execute(delete(Invoice).where(col(Invoice.id).not_in(
            select(Invoice.id).where(scope.invoice_clause()))))


class World:
    """The demo data, and per (policy, person) an oracle copy holding only what that person may see."""

    def __init__(self, dialect: str, tmp: Path) -> None:
        self.dialect, self.tmp = dialect, tmp
        self.full, schema = _new_database(dialect, tmp)
        self.schemas = [schema]
        self.databases = [self.full]
        _load(self.full, tmp)
        self._oracles: dict[frozenset[int] | None, Database] = {}

    def user(self, name: str) -> User:
        with self.full.session("read") as session:
            user = session.exec(select(User).where(User.name == name)).scalar_one()
            session.expunge(user)
            return user

    def asker(self, name: str) -> Asker:
        return asker_for_user(self.user(name))

    def scope(self, asker: Asker, policy: RepVisibility) -> Scope:
        with self.full.session("read") as session:
            return scope_for(session, asker, policy)

    def oracle(self, scope: Scope) -> Database:
        if scope.is_everything:
            return self.full
        if scope.owners not in self._oracles:
            database, schema = _new_database(self.dialect, self.tmp)
            self.schemas.append(schema)
            self.databases.append(database)
            _load(database, self.tmp)
            _keep_only(database, scope)
            self._oracles[scope.owners] = database
        return self._oracles[scope.owners]

    def close(self) -> None:
        for database in self.databases:
            database.dispose()
        for schema in self.schemas:
            if schema:
                with create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT").connect() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = World(request.param, tmp_path_factory.mktemp("visibility"))
    yield built
    built.close()


def ask(database: Database, policy: RepVisibility, asker: Asker, question: str) -> Answer:
    crm = CrmService(database, visibility=policy)
    answerers = [PipelineAnswerer(database, visibility=policy, charts=False), CrmLookupAnswerer(crm)]
    language = "en" if question.isascii() else "ja"
    return route_question(answerers, Question(text=question, language=language, asker=asker, today=DEMO_TODAY))


def _comparable(answer: Answer) -> tuple:
    """The text without the "only what you may see" notes, and the numbers and rows."""
    lines = [line for line in answer.answer.splitlines() if "参照できる" not in line and "you may see" not in line]
    return answer.kind, "\n".join(lines), answer.data.model_dump(mode="json") if answer.data else None


def _foreign(world: World, scope: Scope) -> list[str]:
    """Deal names and invoice numbers ``scope`` may not see (none may appear in an answer); a name
    one of its own deals also has, or contains (「保守契約 更新 2027」), does not count."""
    with world.full.session("read") as session:
        visible = set(session.exec(select(Deal.name).where(scope.deal_clause())).scalars())
        names = [n for n in session.exec(select(Deal.name).where(col(Deal.id).not_in(
            select(Deal.id).where(scope.deal_clause())))).scalars() if not any(n in v for v in visible)]
        numbers = session.exec(select(Invoice.number).where(col(Invoice.id).not_in(
            select(Invoice.id).where(scope.invoice_clause())))).scalars().all()
    return [*names, *numbers]


PEOPLE = [("鈴木 一郎", "rep"), ("Emily Carter", "rep"), ("高橋 誠", "manager"), ("中村 由美", "admin")]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("person", "role"), PEOPLE)
def test_every_question_shows_exactly_what_the_person_may_see(world: World, policy: RepVisibility,
                                                               person: str, role: str) -> None:
    asker = world.asker(person)
    assert asker.role == role
    scope = world.scope(asker, policy)
    assert scope.is_everything == (role != "rep" or policy == "all")
    oracle, admin = world.oracle(scope), Asker(role="admin")
    foreign = _foreign(world, scope)
    assert bool(foreign) == (not scope.is_everything)
    for question in QUESTIONS:
        answer = ask(world.full, policy, asker, question)
        expected = ask(oracle, policy, admin, question)
        assert _comparable(answer) == _comparable(expected), question
        shown = answer.answer + str(answer.data.model_dump(mode="json") if answer.data else "")
        assert not [name for name in foreign if name in shown], question


def test_the_default_policy_hides_other_reps_deals_and_amounts(world: World) -> None:
    """Issue 12's report, as numbers: 鈴木 asked 「交渉中の案件は?」 and saw every rep's deals."""
    suzuki = world.asker("鈴木 一郎")
    with world.full.session("read") as session:
        everyone = session.exec(select(func.count()).select_from(Deal).where(Deal.stage == "negotiation")).scalar_one()
        his = session.exec(select(func.count()).select_from(Deal).where(
            Deal.stage == "negotiation", Deal.owner_id == suzuki.user_id)).scalar_one()
    assert everyone > his  # the demo data has other reps' negotiations to leak
    for question in ("交渉中の案件は?", "deals in negotiation"):
        answer = ask(world.full, "own", suzuki, question)
        assert answer.data is not None and len(answer.data.rows) == his, question
        assert all(row.get("owner") in (None, "鈴木 一郎") for row in answer.data.rows), question
    manager = ask(world.full, "own", world.asker("高橋 誠"), "交渉中の案件は?")
    assert manager.data is not None and len(manager.data.rows) == everyone


def test_naming_another_reps_numbers_is_refused_without_a_number(world: World) -> None:
    for policy in ("own", "team"):
        answer = ask(world.full, policy, world.asker("鈴木 一郎"), "田中さんの案件の合計は?")
        assert answer.data is None and "円" not in answer.answer, policy
    team = ask(world.full, "team", world.asker("鈴木 一郎"), "佐藤さんの案件の合計は?")  # same team
    assert team.data is not None and team.data.total


@pytest.mark.parametrize("policy", POLICIES)
def test_customer_invoices_and_the_digest_follow_the_policy(world: World, policy: RepVisibility) -> None:
    invoices = InvoiceService(world.full, visibility=policy)
    suzuki, manager = world.asker("鈴木 一郎"), world.asker("高橋 誠")
    own = invoices.customer_invoices("株式会社山田製作所", DEMO_TODAY, asker=suzuki)
    assert own.customer.name == "株式会社山田製作所"
    others = ("有限会社丸和工業", "北斗電子工業株式会社")  # 佐藤's (same team) and 田中's (the other team)
    for customer, visible in zip(others, (policy != "own", policy == "all"), strict=True):
        if visible:
            assert invoices.customer_invoices(customer, DEMO_TODAY, asker=suzuki).customer.name == customer
        else:
            with pytest.raises(UserFacingError) as refused:
                invoices.customer_invoices(customer, DEMO_TODAY, asker=suzuki)
            assert customer in refused.value.message("ja") and "INV-" not in refused.value.message("ja")
        assert invoices.customer_invoices(customer, DEMO_TODAY, asker=manager).customer.name == customer
    scope = world.scope(suzuki, policy)
    mine = invoices.digest(DEMO_TODAY, asker=suzuki)
    everything = invoices.digest(DEMO_TODAY, asker=manager)
    assert {o.owner_id for o in mine.owners} <= (set(scope.owners) if scope.owners is not None else {
        o.owner_id for o in everything.owners})
    assert len(mine.overdue) <= len(everything.overdue)
    if policy == "own":
        assert {o.owner for o in mine.owners} <= {"鈴木 一郎"} and mine.unmatched_open == 0


def test_someone_unknown_sees_nothing(world: World) -> None:
    nobody = Asker.nobody()
    crm = CrmService(world.full, visibility="all")
    assert crm.customers(asker=nobody) == []
    assert crm.deals(asker=nobody) == []
    for question in ("交渉中の案件は?", "期日超過の請求は?", "株式会社山田製作所", "顧客一覧"):
        answer = ask(world.full, "all", nobody, question)
        assert not (answer.data and answer.data.rows), question
        assert "株式会社山田製作所" not in answer.answer or question == "株式会社山田製作所"
    with pytest.raises(UserFacingError):
        InvoiceService(world.full, visibility="all").customer_invoices("株式会社山田製作所", DEMO_TODAY, asker=nobody)


def test_a_channels_audience_sees_only_what_every_member_may_see(world: World) -> None:
    crm = CrmService(world.full, visibility="own")
    suzuki, sato, manager = (world.asker(n) for n in ("鈴木 一郎", "佐藤 健太", "高橋 誠"))
    assert crm.audience_asker([manager, world.asker("中村 由美")]).role == "manager"  # all may see all
    assert crm.audience_asker([manager, suzuki]) == suzuki  # the rep is the narrowest
    two_reps = crm.audience_asker([suzuki, sato])
    assert crm.deals(asker=two_reps) == [] and crm.customers(asker=two_reps)  # the customer master only
    assert crm.scope(crm.audience_asker([manager, None])) == Scope.nothing()  # someone unknown
    team = CrmService(world.full, visibility="team")
    assert team.scope(team.audience_asker([suzuki, sato])) == team.scope(suzuki)  # one team
    assert team.deals(asker=team.audience_asker([suzuki, world.asker("田中 美咲")])) == []  # two teams
    assert date.today()  # the policy never depends on the clock
