"""Reading files: formats, metadata, and every kind of bad input with its own clear message."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from core.errors import UserFacingError
from knowledge import loaders
from knowledge import messages as m
from knowledge.loaders import load_file


def _error(path: Path) -> UserFacingError:
    with pytest.raises(UserFacingError) as caught:
        load_file(path)
    return caught.value


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    path = tmp_path / "rule.md"
    path.write_text("---\ntitle: 値引き\nauthor: 高橋\ndate: 2026-04-10\nvisibility: group:managers\n---\n"
                    "# 見出し\n本文です。", encoding="utf-8")
    doc = load_file(path)
    assert (doc.title, doc.author, doc.doc_date, doc.visibility) == ("値引き", "高橋", date(2026, 4, 10),
                                                                    "group:managers")
    assert doc.text.startswith("# 見出し")


def test_title_falls_back_to_first_heading_then_file_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("intro\n# The heading\nbody", encoding="utf-8")
    (tmp_path / "b.txt").write_text("plain text only", encoding="utf-8")
    assert load_file(tmp_path / "a.md").title == "The heading"
    assert load_file(tmp_path / "b.txt").title == "b"


def test_shift_jis_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sjis.txt"
    path.write_bytes("保守契約の更新は90日前に始めます。".encode("cp932"))
    assert "保守契約" in load_file(path).text


def test_html_keeps_headings_and_lists_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Demo policy</title><script>alert(1)</script></head><body>"
                    "<h2>Rules</h2><p>Max 14 days.</p><ul><li>Apply early</li></ul></body></html>", encoding="utf-8")
    doc = load_file(path)
    assert doc.title == "Demo policy"
    assert "## Rules" in doc.text and "- Apply early" in doc.text and "alert" not in doc.text


def test_docx_headings_become_markdown(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Quote approval", level=1)
    document.add_paragraph("Quotes under 5 million yen need section manager approval.")
    document.core_properties.author = "Emily Carter"
    path = tmp_path / "flow.docx"
    document.save(str(path))
    doc = load_file(path)
    assert "# Quote approval" in doc.text and "section manager approval" in doc.text
    assert doc.author == "Emily Carter"


def _pdf_bytes(text: str | None, password: str | None = None) -> bytes:
    """A one-page PDF, with a text layer drawn by matplotlib, or blank (like a scan without OCR)."""
    from pypdf import PdfReader, PdfWriter

    if text is None:
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure = plt.figure()
        figure.text(0.1, 0.5, text)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="pdf")
        plt.close(figure)
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(_pdf_bytes("Demo units can be lent for 14 days."))
    assert "14 days" in load_file(path).text


def test_encrypted_pdf_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(_pdf_bytes("confidential", password="s3cret"))
    assert _error(path).template is m.PDF_ENCRYPTED


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_bytes(None))
    error = _error(path)
    assert error.template is m.PDF_NO_TEXT and "OCR" in error.message("ja")


def test_damaged_pdf_and_docx(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 broken zip")
    assert _error(tmp_path / "bad.pdf").template is m.FILE_CORRUPT
    assert _error(tmp_path / "bad.docx").template is m.FILE_CORRUPT


def test_empty_binary_huge_and_unsupported_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "only-front-matter.md").write_text("---\ntitle: x\n---\n\n", encoding="utf-8")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "big.txt").write_text("a" * 5000, encoding="utf-8")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    assert _error(tmp_path / "empty.md").template is m.FILE_EMPTY
    assert _error(tmp_path / "only-front-matter.md").template is m.FILE_EMPTY
    assert _error(tmp_path / "junk.txt").template is m.NOT_TEXT
    assert _error(tmp_path / "sheet.xlsx").template is m.UNSUPPORTED_FORMAT
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 1000)
    error = _error(tmp_path / "big.txt")
    assert error.template is m.FILE_TOO_LARGE and "big.txt" in error.message("en")


def test_bad_front_matter_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    assert _error(path).template is m.BAD_FRONT_MATTER


def test_a_zip_that_is_not_a_docx_is_reported_not_raised(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert _error(path).template is m.FILE_CORRUPT
