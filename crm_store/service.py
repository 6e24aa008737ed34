"""CRM operations the CLI, the console demo and the Slack bot share."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.errors import UserFacingError
from core.questions import Asker
from crm_store import messages
from crm_store.csv_import.importer import import_csv
from crm_store.csv_import.report import ImportReport
from crm_store.db import Database
from crm_store.models import Customer, Deal, Invoice, NextAction, User
from crm_store.payments import is_overdue, outstanding
from crm_store.repositories.customers import match_customer, search_customers, similar_customers
from crm_store.repositories.deals import list_deals
from crm_store.repositories.users import find_user_by_name, get_by_slack_id, list_users
from crm_store.stages import Stage, default_probability
from crm_store.views import CustomerOverview, CustomerView, DealView, InvoiceView, NextActionView, UserView
from crm_store.visibility import (
    RepVisibility,
    Scope,
    asker_for_scope,
    asker_for_user,
    audience_scope,
    scope_for,
)


class CrmService:
    """Reads name who asks (an `Asker`) and return only what the visibility policy lets them see."""

    def __init__(self, db: Database, *, visibility: RepVisibility = "own") -> None:
        self.db = db
        self.visibility = visibility

    def import_csv(self, kind: str, path: Path, actor: str) -> ImportReport:
        return import_csv(self.db, kind, path, actor)

    def users(self) -> list[UserView]:
        with self.db.session("read") as session:
            return [_user_view(u) for u in list_users(session)]

    def find_user(self, who: str) -> UserView | None:
        """A user by Slack id or by (unique) name."""
        with self.db.session("read") as session:
            user = get_by_slack_id(session, who) or find_user_by_name(session, who)
            return _user_view(user) if user else None

    def asker(self, user: UserView) -> Asker:
        """The `Asker` a registered user asks as: role, team and groups from the users table."""
        return asker_for_user(user)

    def scope(self, asker: Asker) -> Scope:
        """What ``asker`` may see under this CRM's policy (for services that read on their own)."""
        with self.db.session("read") as session:
            return scope_for(session, asker, self.visibility)

    def sees_invoices_of(self, asker: Asker, customer_id: int) -> bool:
        """Whether ``asker`` may see this customer's invoices (e.g. the overdue warning on a card)."""
        with self.db.session("read") as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                return False
            return scope_for(session, asker, self.visibility).sees_invoices_of(customer)

    def audience_asker(self, members: list[Asker | None]) -> Asker:
        """An asker who sees only what every member of a conversation may see (None: an unknown member).

        A channel answer computed for this asker is safe to post there.
        """
        with self.db.session("read") as session:
            scope = audience_scope(session, members, self.visibility)
            return asker_for_scope(session, scope, members, self.visibility)

    def customers(self, query: str | None = None, *, asker: Asker) -> list[CustomerView]:
        """The customer master (shared by every registered user; nothing for someone unknown)."""
        with self.db.session("read") as session:
            if not scope_for(session, asker, self.visibility).customers:
                return []
            names = _user_names(session)
            return [_customer_view(c, names) for c in search_customers(session, query)]

    def customer_names(self) -> list[tuple[int, str, str]]:
        """(id, name, normalized name) of every customer, for spotting names in free text."""
        with self.db.session("read") as session:
            rows = session.exec(select(Customer.id, Customer.name, Customer.normalized_name))
            return [(row[0], row[1], row[2]) for row in rows]

    def deals(self, *, asker: Asker, customer_id: int | None = None,
              stages: list[Stage] | None = None) -> list[DealView]:
        """The deals ``asker`` may see, optionally of one customer or some stages."""
        with self.db.session("read") as session:
            scope = scope_for(session, asker, self.visibility)
            deals = list_deals(session, customer_id=customer_id, stages=stages, scope=scope)
            return _deal_views(session, deals)

    def customer_overview(self, name: str, today: date, *, asker: Asker) -> CustomerOverview:
        """A customer with the deals, open next actions and invoices ``asker`` may see; suggestions
        when the name is unknown."""
        with self.db.session("read") as session:
            scope = scope_for(session, asker, self.visibility)
            if not scope.customers:
                raise UserFacingError(messages.CUSTOMER_NOT_FOUND, name=name)
            match = match_customer(session, name)
            customer = match.customer
            if customer is None:
                near = match.candidates or similar_customers(session, name)
                if near:
                    raise UserFacingError(messages.CUSTOMER_NOT_FOUND_NEAR, name=name,
                                          names=", ".join(c.name for c in near))
                raise UserFacingError(messages.CUSTOMER_NOT_FOUND, name=name)
            names = _user_names(session)
            actions = session.exec(select(NextAction).where(
                NextAction.customer_id == customer.id, col(NextAction.done).is_(False),
                scope.next_action_clause(),
            ).order_by(col(NextAction.due))).all()
            invoices = session.exec(select(Invoice).where(
                Invoice.customer_id == customer.id, scope.invoice_clause(),
            ).order_by(col(Invoice.due_date))).all()
            deals = list_deals(session, customer_id=customer.id, scope=scope)
            restricted = not scope.is_everything and (
                len(deals) < len(list_deals(session, customer_id=customer.id))
                or len(invoices) < _count(session, Invoice, Invoice.customer_id == customer.id)
                or len(actions) < _count(session, NextAction, NextAction.customer_id == customer.id,
                                         col(NextAction.done).is_(False)))
            return CustomerOverview(
                customer=_customer_view(customer, names),
                deals=_deal_views(session, deals),
                open_actions=[NextActionView(id=a.id or 0, description=a.description, due=a.due, done=a.done,
                                             owner=names.get(a.owner_id)) for a in actions],
                invoices=[invoice_view(i, customer.name, today) for i in invoices],
                restricted=restricted,
            )


def _count(session: Session, table: type, *where: Any) -> int:
    return session.exec(select(func.count()).select_from(table).where(*where)).one()


def _user_names(session: Session) -> dict[int | None, str]:
    return {u.id: u.name for u in session.exec(select(User))}


def _user_view(user: User) -> UserView:
    return UserView(id=user.id or 0, name=user.name, slack_user_id=user.slack_user_id, role=user.role,
                    language=user.language, team=user.team, groups=list(user.groups or []))


def _customer_view(customer: Customer, user_names: dict[int | None, str]) -> CustomerView:
    return CustomerView(id=customer.id or 0, name=customer.name, erp_code=customer.erp_code,
                        kana=customer.kana, industry=customer.industry, owner=user_names.get(customer.owner_id))


def _deal_views(session: Session, deals: list[Deal]) -> list[DealView]:
    user_names = _user_names(session)
    customer_ids = {d.customer_id for d in deals}
    customers = {c.id: c.name for c in session.exec(select(Customer).where(col(Customer.id).in_(customer_ids)))}
    return [
        DealView(id=d.id or 0, name=d.name, customer_id=d.customer_id, customer=customers.get(d.customer_id, "?"),
                 owner=user_names.get(d.owner_id), stage=Stage(d.stage), amount=d.amount, currency=d.currency,
                 expected_close=d.expected_close,
                 probability=d.probability if d.probability is not None else default_probability(d.stage))
        for d in deals
    ]


def invoice_view(invoice: Invoice, customer_name: str | None, today: date) -> InvoiceView:
    return InvoiceView(id=invoice.id or 0, number=invoice.number, customer_id=invoice.customer_id,
                       customer=customer_name or invoice.customer_name, issue_date=invoice.issue_date,
                       due_date=invoice.due_date, total=invoice.total, paid=invoice.paid,
                       outstanding=outstanding(invoice), currency=invoice.currency, status=invoice.status,
                       overdue=is_overdue(invoice, today))
