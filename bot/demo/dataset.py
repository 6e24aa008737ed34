"""The demo data set (bot/demo/data), loaded through the same importers an admin uses.

Its dates are written around an anchor day; loading shifts them so the anchor becomes today,
which keeps "overdue" and "this month" meaningful whenever the demo runs. Evaluations load it
unshifted and ask with ``--today`` set to the anchor instead.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from crm_store.csv_import.report import ImportReport
from crm_store.service import CrmService

DATA_DIR = Path(__file__).parent / "data"
ANCHOR_DATE = date(2026, 11, 20)
# Users first: deals and customers name their owners; customers before what refers to them.
IMPORT_ORDER = ("users", "customers", "deals", "activities", "invoices")
_DATE_COLUMNS = {"expected_close", "issue_date", "due_date", "occurred_on", "next_action_due"}


@dataclass
class DemoLoad:
    reports: list[ImportReport] = field(default_factory=list)
    shift_days: int = 0

    @property
    def errors(self) -> int:
        return sum(len(r.errors) for r in self.reports)


def shift_csv_dates(text: str, days: int) -> str:
    """The same CSV with every ISO date in a date column moved by ``days``."""
    if days == 0:
        return text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    for row in reader:
        for column in _DATE_COLUMNS & set(row):
            if row[column]:
                row[column] = (date.fromisoformat(row[column]) + timedelta(days=days)).isoformat()
        writer.writerow(row)
    return out.getvalue()


def load_demo_data(crm: CrmService, work_dir: Path, today: date | None = ANCHOR_DATE) -> DemoLoad:
    """Import the demo CSVs into the CRM; ``today=None`` keeps the anchor dates unshifted."""
    shift = (today - ANCHOR_DATE).days if today else 0
    load = DemoLoad(shift_days=shift)
    work_dir.mkdir(parents=True, exist_ok=True)
    for kind in IMPORT_ORDER:
        shifted = work_dir / f"{kind}.csv"
        shifted.write_text(shift_csv_dates((DATA_DIR / f"{kind}.csv").read_text(encoding="utf-8"), shift),
                           encoding="utf-8")
        load.reports.append(crm.import_csv(kind, shifted, actor="demo"))
    return load


def knowledge_documents() -> list[Path]:
    return sorted((DATA_DIR / "knowledge").glob("*.md"))
