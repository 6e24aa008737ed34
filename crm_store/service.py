"""CRM operations the CLI, the console demo and the Slack bot share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from core.errors import UserFacingError
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


class CrmService:
    def __init__(self, db: Database) -> None:
        self.db = db

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

    def customers(self, query: str | None = None) -> list[CustomerView]:
        with self.db.session("read") as session:
            names = _user_names(session)
            return [_customer_view(c, names) for c in search_customers(session, query)]

    def customer_names(self) -> list[tuple[int, str, str]]:
        """(id, name, normalized name) of every customer, for spotting names in free text."""
        with self.db.session("read") as session:
            rows = session.exec(select(Customer.id, Customer.name, Customer.normalized_name))
            return [(row[0], row[1], row[2]) for row in rows]

    def deals(self, *, customer_id: int | None = None, stages: list[Stage] | None = None) -> list[DealView]:
        with self.db.session("read") as session:
            return _deal_views(session, list_deals(session, customer_id=customer_id, stages=stages))

    def customer_overview(self, name: str, today: date) -> CustomerOverview:
        """A customer with their deals, open next actions and invoices; suggestions when unknown."""
        with self.db.session("read") as session:
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
                NextAction.customer_id == customer.id, col(NextAction.done).is_(False)
            ).order_by(col(NextAction.due))).all()
            invoices = session.exec(select(Invoice).where(Invoice.customer_id == customer.id)
                                    .order_by(col(Invoice.due_date))).all()
            return CustomerOverview(
                customer=_customer_view(customer, names),
                deals=_deal_views(session, list_deals(session, customer_id=customer.id)),
                open_actions=[NextActionView(id=a.id or 0, description=a.description, due=a.due, done=a.done,
                                             owner=names.get(a.owner_id)) for a in actions],
                invoices=[invoice_view(i, customer.name, today) for i in invoices],
            )


def _user_names(session: Session) -> dict[int | None, str]:
    return {u.id: u.name for u in session.exec(select(User))}


def _user_view(user: User) -> UserView:
    return UserView(id=user.id or 0, name=user.name, slack_user_id=user.slack_user_id, role=user.role,
                    language=user.language)


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
