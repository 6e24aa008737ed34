"""Time in one convention: timezone-aware datetimes in UTC.

sqlmodel's datetime columns store aware values and hand them back in UTC on SQLite and
PostgreSQL alike, so comparisons never depend on the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The local calendar date (sales teams think in their own days, not UTC's)."""
    return date.today()
