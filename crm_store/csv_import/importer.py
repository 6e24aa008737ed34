"""Import one CSV file: every good row lands, every bad row is reported with its line number."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from core.errors import UserFacingError
from core.i18n import Message
from crm_store import messages
from crm_store.csv_import.columns import IMPORT_KINDS, map_headers
from crm_store.csv_import.reading import read_csv_file
from crm_store.csv_import.report import ImportReport, RowError, RowProblem
from crm_store.csv_import.rows import ROW_HANDLERS, RowContext
from crm_store.db import Database

log = logging.getLogger(__name__)

_DATABASE_REFUSED_ROW = Message(
    en="the database refused this row (it conflicts with an existing record)",
    ja="データベースがこの行を受け付けませんでした(既存のデータと矛盾します)",
)


def import_csv(db: Database, kind: str, path: Path, actor: str) -> ImportReport:
    """Import ``path`` as ``kind`` (users, customers, deals, activities, invoices).

    Each row is written inside its own savepoint, so a row the database refuses is rolled back
    alone; the whole file is one transaction otherwise.
    """
    if kind not in IMPORT_KINDS:
        raise UserFacingError(messages.UNKNOWN_IMPORT_KIND, kind=kind, kinds=", ".join(IMPORT_KINDS))
    table = read_csv_file(path)
    mapping, missing, unused = map_headers(kind, table.headers)
    if missing:
        raise UserFacingError(messages.MISSING_COLUMNS, file=table.file, columns=", ".join(missing),
                              found=", ".join(h for h in table.headers if h))
    report = ImportReport(kind=kind, file=table.file, encoding=table.encoding, rows=len(table.rows))
    report.warnings += [RowProblem(1, messages.UNKNOWN_HEADER, {"column": h}) for h in unused]
    handler = ROW_HANDLERS[kind]
    seen: dict[tuple[object, ...], int] = {}
    with db.session(actor=f"import:{table.file}", import_kind=kind, import_file=table.file,
                    imported_by=actor) as session:
        for row in table.rows:
            if any(value.strip() for value in row.extra):
                report.errors.append(RowProblem(row.line, messages.TOO_MANY_FIELDS,
                                                {"count": len(row.values) + len(row.extra),
                                                 "expected": len(table.headers)}))
                continue
            values = {field: row.values.get(header, "") for field, header in mapping.items()}
            ctx = RowContext(line=row.line, report=report, seen=seen)
            try:
                with session.begin_nested():
                    outcome = handler(session, values, ctx)
                    session.flush()
            except RowError as error:
                params = dict(error.params)
                if "column" in params:  # name the column as the file spells it ("金額", not "amount")
                    params["column"] = mapping.get(params["column"], params["column"])
                report.errors.append(RowProblem(row.line, error.message, params))
                continue
            except SQLAlchemyError:
                log.exception("database refused %s line %d", table.file, row.line)
                report.errors.append(RowProblem(row.line, _DATABASE_REFUSED_ROW))
                continue
            report.count(outcome)
    return report
