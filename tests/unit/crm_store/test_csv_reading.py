from pathlib import Path

import pytest

from core.errors import UserFacingError
from crm_store.csv_import.reading import read_csv_file

CSV = "顧客名,取引先コード\n株式会社山田製作所,C0001\n\"三協金型(株)\nA棟\",C0002\n\n北斗電子,\n"


@pytest.mark.parametrize(("encoding", "reported"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp932", "cp932")])
def test_reads_the_encodings_japanese_excel_writes(tmp_path: Path, encoding: str, reported: str) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(CSV.encode(encoding))
    table = read_csv_file(path)
    assert table.encoding == reported
    assert table.headers == ["顧客名", "取引先コード"]
    assert [row.values["顧客名"] for row in table.rows] == ["株式会社山田製作所", "三協金型(株)\nA棟", "北斗電子"]


def test_line_numbers_count_physical_lines_and_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(CSV, encoding="utf-8")
    # The quoted value spans lines 3-4; the blank line 5 is skipped; 北斗電子 is on line 6.
    assert [row.line for row in read_csv_file(path).rows] == [2, 3, 6]


def test_extra_values_beyond_the_header_are_kept_for_reporting(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("name,code\nA,1,surplus\n", encoding="utf-8")
    assert read_csv_file(path).rows[0].extra == ["surplus"]


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "empty"), (b"\n\n", "empty"), (b"\x00\x01\x02binary\x00", "CSV"),
    ("名前\n".encode("utf-16"), "CSV"), (bytes([0x82, 0xA0, 0xFF, 0xFF, 0x81]), "UTF-8"),
])
def test_unreadable_files_get_a_specific_message(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UserFacingError) as raised:
        read_csv_file(path)
    assert fragment in raised.value.message("en")
    assert raised.value.message("ja") != raised.value.message("en")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="not found"):
        read_csv_file(tmp_path / "nope.csv")
