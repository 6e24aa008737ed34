"""The one visibility policy: who may see which deals, invoices, activities and next actions.

Roles: ``manager`` and ``admin`` see everything. What a ``rep`` sees is the team's choice
(``SALESBOT_REP_VISIBILITY``):

- ``own`` (default): deals they own, invoices of customers they own, activities they logged or
  of customers they own, next actions assigned to them;
- ``team``: the same for every user in their team (the ``team`` column of the users CSV);
  a rep without a team sees their own;
- ``all``: everything, like a manager.

The customer master (names, codes, industry, owner) is shared by every registered user: capture
matches memos against it and reps cover each other's visits. Someone the CRM does not know (a
rep ``Asker`` without a user id) sees nothing at all.

Every read path builds a `Scope` from the asker with `scope_for` and adds its SQL predicates to
its statement, so the filtering happens in the database, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import false, or_, true
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, select

from core.questions import Asker
from crm_store.models import Activity, Customer, Deal, Invoice, NextAction, User
from crm_store.views import UserView

RepVisibility = Literal["own", "team", "all"]
NO_RECORDS_USER_ID = 0


@dataclass(frozen=True)
class Scope:
    """What one asker (or one channel's audience) may see.

    ``owners`` None means everything; otherwise only records owned by these user ids.
    ``customers`` says whether the customer master is visible (False only for nobody).
    """

    owners: frozenset[int] | None
    customers: bool = True

    @classmethod
    def everything(cls) -> Scope:
        return cls(owners=None)

    @classmethod
    def nothing(cls) -> Scope:
        return cls(owners=frozenset(), customers=False)

    @property
    def is_everything(self) -> bool:
        return self.owners is None

    def sees_owner(self, owner_id: int | None) -> bool:
        """Whether records owned by this user are visible (an unowned record: only to everything)."""
        return self.owners is None or (owner_id is not None and owner_id in self.owners)

    def intersect(self, other: Scope) -> Scope:
        """What both may see: a channel answer may show only this."""
        if self.owners is None:
            owners = other.owners
        elif other.owners is None:
            owners = self.owners
        else:
            owners = self.owners & other.owners
        return Scope(owners=owners, customers=self.customers and other.customers)

    # -- SQL predicates, to add to a statement's WHERE -------------------------------------------
    def _owned_customers(self) -> ColumnElement[bool]:
        return col(Customer.owner_id).in_(sorted(self.owners or ()))

    def customer_clause(self) -> ColumnElement[bool]:
        """Customers (the shared master)."""
        return true() if self.customers else false()

    def owned_customer_ids(self):  # noqa: ANN201 - a SQLAlchemy subquery
        """The ids of the customers this scope owns (a subquery)."""
        return select(Customer.id).where(self._owned_customers())

    def deal_clause(self) -> ColumnElement[bool]:
        """Deals they own; an unowned deal belongs to its customer's owner."""
        if self.owners is None:
            return true()
        if not self.owners:
            return false()
        owners = sorted(self.owners)
        return or_(
            col(Deal.owner_id).in_(owners),
            col(Deal.owner_id).is_(None) & col(Deal.customer_id).in_(self.owned_customer_ids()),
        )

    def invoice_clause(self) -> ColumnElement[bool]:
        """Invoices of customers they own (unmatched invoices: managers and admins only)."""
        if self.owners is None:
            return true()
        if not self.owners:
            return false()
        return col(Invoice.customer_id).in_(self.owned_customer_ids())

    def activity_clause(self) -> ColumnElement[bool]:
        """Activities they logged, or of customers they own."""
        if self.owners is None:
            return true()
        if not self.owners:
            return false()
        return or_(
            col(Activity.created_by_id).in_(sorted(self.owners)),
            col(Activity.customer_id).in_(self.owned_customer_ids()),
        )

    def next_action_clause(self) -> ColumnElement[bool]:
        """Next actions assigned to them; an unassigned one belongs to its customer's owner."""
        if self.owners is None:
            return true()
        if not self.owners:
            return false()
        return or_(
            col(NextAction.owner_id).in_(sorted(self.owners)),
            col(NextAction.owner_id).is_(None) & col(NextAction.customer_id).in_(self.owned_customer_ids()),
        )

    # -- checks on loaded rows ------------------------------------------------------------------
    def sees_deal(self, deal: Deal, customer_owner_id: int | None) -> bool:
        return self.sees_owner(deal.owner_id if deal.owner_id is not None else customer_owner_id)

    def sees_invoices_of(self, customer: Customer) -> bool:
        return self.sees_owner(customer.owner_id)


def scope_for(session: Session, asker: Asker, policy: RepVisibility) -> Scope:
    """What ``asker`` may see under ``policy``. The one entry point every read path uses."""
    if asker.role in ("manager", "admin"):
        return Scope.everything()
    if asker.user_id is None:
        return Scope.nothing()  # a rep the CRM does not know
    if policy == "all":
        return Scope.everything()
    if policy == "team":
        team = asker.team
        if team is None:
            user = session.get(User, asker.user_id)
            team = user.team if user is not None else None
        if team:
            ids = session.exec(select(User.id).where(User.team == team)).all()
            return Scope(owners=frozenset({asker.user_id, *(i for i in ids if i is not None)}))
    return Scope(owners=frozenset({asker.user_id}))


def asker_for_user(user: User | UserView) -> Asker:
    """The `Asker` a registered user reads as: role, team and groups from the users table."""
    return Asker(
        user_id=user.id, slack_user_id=user.slack_user_id, name=user.name, role=user.role,  # type: ignore[arg-type]
        team=user.team, groups=list(user.groups or []),
        language=user.language if user.language in ("ja", "en") else None,  # type: ignore[arg-type]
    )


def may_change_deal(session: Session, user: User | None, deal: Deal, policy: RepVisibility) -> bool:
    """Whether ``user``'s approved memo may write a deal's stage or amount: only a deal they may see.

    Otherwise the change is proposed to the deal's owner. No user (the CLI, an admin's tool): yes.
    """
    if user is None:
        return True
    customer = session.get(Customer, deal.customer_id)
    scope = scope_for(session, asker_for_user(user), policy)
    return scope.sees_deal(deal, customer.owner_id if customer else None)


def audience_scope(session: Session, members: Iterable[Asker | None], policy: RepVisibility) -> Scope:
    """What every member of a conversation may see (None: someone the CRM does not know)."""
    scope = Scope.everything()
    for member in members:
        scope = scope.intersect(Scope.nothing() if member is None else scope_for(session, member, policy))
        if not scope.customers:
            break
    return scope


def asker_for_scope(session: Session, scope: Scope, members: Iterable[Asker | None],
                    policy: RepVisibility) -> Asker:
    """An `Asker` who sees exactly ``scope``: a manager for everything, the member whose own scope it
    is, else nobody. Under one policy the scopes nest (own ⊂ team ⊂ all; teams are disjoint), so an
    audience's scope is always one of these."""
    if scope.is_everything:
        return Asker(role="manager", name="audience")
    for member in members:
        if member is not None and scope_for(session, member, policy) == scope:
            return member
    if scope.customers:
        # Registered people who share no records (two reps under "own"): the customer master only.
        # No user has id 0 (ids start at 1), so this rep owns nothing.
        return Asker(role="rep", user_id=NO_RECORDS_USER_ID, name="audience")
    return Asker.nobody()
