"""What an import did: counts, and every problem with its line number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.i18n import Language, Message


@dataclass
class RowProblem:
    line: int
    message: Message
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, language: Language) -> str:
        return self.message.format(language, **self.params)


class RowError(Exception):
    """Raised by a row handler: this row is skipped and reported, the others go on."""

    def __init__(self, message: Message, **params: Any) -> None:
        super().__init__(message.en.format(**params))
        self.message = message
        self.params = params


_SUMMARY = Message(
    en="{file} ({kind}, {encoding}): {rows} rows — {created} created, {updated} updated, "
       "{unchanged} unchanged, {errors} with errors.",
    ja="{file}({kind}, {encoding}): {rows} 行 — 新規 {created} 件、更新 {updated} 件、"
       "変更なし {unchanged} 件、エラー {errors} 件。",
)
_LINE = Message(en="  line {line}: {text}", ja="  {line} 行目: {text}")
_ERRORS_HEADING = Message(en="Rows not imported:", ja="取り込めなかった行:")
_WARNINGS_HEADING = Message(en="Imported, but please check:", ja="取り込み済み・要確認:")
_NEW_CUSTOMERS = Message(en="New customers: {names}", ja="新規顧客: {names}")


@dataclass
class ImportReport:
    kind: str
    file: str
    encoding: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    new_customers: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self, language: Language) -> str:
        lines = [_SUMMARY.format(language, file=self.file, kind=self.kind, encoding=self.encoding,
                                 rows=self.rows, created=self.created, updated=self.updated,
                                 unchanged=self.unchanged, errors=len(self.errors))]
        if self.new_customers:
            lines.append(_NEW_CUSTOMERS.format(language, names=", ".join(self.new_customers)))
        for heading, problems in ((_ERRORS_HEADING, self.errors), (_WARNINGS_HEADING, self.warnings)):
            if problems:
                lines.append(heading.format(language))
                lines += [_LINE.format(language, line=p.line, text=p.render(language)) for p in problems]
        return "\n".join(lines)

    def to_json_dict(self, language: Language) -> dict[str, Any]:
        return {
            "kind": self.kind, "file": self.file, "encoding": self.encoding, "rows": self.rows,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "new_customers": self.new_customers,
            "errors": [{"line": p.line, "message": p.render(language)} for p in self.errors],
            "warnings": [{"line": p.line, "message": p.render(language)} for p in self.warnings],
        }
