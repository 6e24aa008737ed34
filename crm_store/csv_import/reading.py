"""Reading a CSV as Japanese Excel writes it: UTF-8 (with or without BOM) or Shift_JIS/CP932."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import UserFacingError
from crm_store import messages

MAX_CSV_BYTES = 50 * 1024 * 1024
# Order matters: UTF-8 is strict enough that CP932 text never decodes as UTF-8 by accident.
ENCODINGS = ("utf-8-sig", "cp932")


@dataclass
class CsvRow:
    line: int  # 1-based line number where the row starts, as Excel and editors count
    values: dict[str, str]
    extra: list[str] = field(default_factory=list)  # values beyond the header's columns


@dataclass
class CsvTable:
    file: str
    encoding: str
    headers: list[str]
    rows: list[CsvRow]


def decode_csv_bytes(data: bytes, file: str) -> tuple[str, str]:
    """The text and the encoding it was written in."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UserFacingError(messages.UNKNOWN_ENCODING, file=file)


def parse_csv_text(text: str, file: str) -> CsvTable:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise UserFacingError(messages.FILE_EMPTY, file=file) from None
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise UserFacingError(messages.FILE_EMPTY, file=file)
    rows: list[CsvRow] = []
    line = reader.line_num + 1
    for values in reader:
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue  # blank lines are common at the end of Excel exports
        row = CsvRow(line=start, values={h: (values[i].strip() if i < len(values) else "")
                                         for i, h in enumerate(headers)})
        if len(values) > len(headers):
            row.extra = values[len(headers):]
        rows.append(row)
    return CsvTable(file=file, encoding="", headers=headers, rows=rows)


def read_csv_file(path: Path) -> CsvTable:
    """Read and parse a CSV file, refusing empty, huge, undecodable or non-CSV files clearly."""
    if not path.is_file():
        raise UserFacingError(messages.FILE_NOT_FOUND, path=str(path))
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise UserFacingError(messages.FILE_TOO_LARGE, file=path.name,
                              size_mb=round(size / 1e6, 1), limit_mb=MAX_CSV_BYTES // 1_000_000)
    data = path.read_bytes()
    if not data.strip():
        raise UserFacingError(messages.FILE_EMPTY, file=path.name)
    if b"\x00" in data[:4096]:
        raise UserFacingError(messages.NOT_A_CSV, file=path.name)
    text, encoding = decode_csv_bytes(data, path.name)
    table = parse_csv_text(text, path.name)
    table.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    return table
