"""Read Markdown, text, PDF, DOCX and HTML files into plain text plus metadata.

Every way a file can be unusable (encrypted or image-only PDF, empty, binary junk, too big)
raises a `UserFacingError` naming the file; a folder ingest reports it and goes on.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from core.errors import UserFacingError
from knowledge import messages as m
from knowledge.ports import PageOcr

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text", ".pdf": "pdf",
            ".docx": "docx", ".html": "html", ".htm": "html"}
_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*\n?", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


@dataclass
class LoadedDocument:
    text: str
    title: str
    author: str | None = None
    doc_date: date | None = None
    visibility: str | None = None


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def load_file(path: Path, ocr: PageOcr | None = None) -> LoadedDocument:
    """The text and metadata of one file; a clear `UserFacingError` when it cannot be used.

    ``ocr`` reads the page images of a PDF that has no text layer (a scan)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UserFacingError(m.UNSUPPORTED_FORMAT, file=path.name, suffix=path.suffix or "(none)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserFacingError(m.FILE_TOO_LARGE, file=path.name, size_mb=round(size / 1e6, 1),
                              limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    data = path.read_bytes()
    if not data.strip():
        raise UserFacingError(m.FILE_EMPTY, file=path.name)
    try:
        if kind == "pdf":
            doc = _read_pdf(data, path.name, ocr)
        elif kind == "docx":
            doc = _read_docx(data, path.name)
        elif kind == "html":
            doc = read_html(decode_text(data, path.name))
        else:
            doc = read_markdown(decode_text(data, path.name), path.name)
    except UserFacingError:
        raise
    except Exception as error:  # noqa: BLE001 - a parser choking on a malformed file must not stop a folder
        log.warning("could not parse %s as %s: %s", path.name, kind, type(error).__name__)
        raise UserFacingError(m.FILE_CORRUPT, file=path.name, format=kind.upper()) from None
    if not doc.text.strip():
        raise UserFacingError(m.FILE_EMPTY, file=path.name)
    if len(doc.text) > MAX_TEXT_CHARS:
        raise UserFacingError(m.TEXT_TOO_LONG, file=path.name, chars=len(doc.text), limit=MAX_TEXT_CHARS)
    doc.title = doc.title or first_heading(doc.text) or path.stem
    return doc


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else CP932; binary junk is refused rather than indexed."""
    if b"\x00" in data[:8192]:
        raise UserFacingError(m.NOT_TEXT, file=name)
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(3, len(text[:20000]) // 100):
            raise UserFacingError(m.NOT_TEXT, file=name)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UserFacingError(m.NOT_TEXT, file=name)


def read_markdown(text: str, name: str = "") -> LoadedDocument:
    """Markdown or plain text, with optional YAML front matter (title, author, date, visibility)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return LoadedDocument(text=text.lstrip("\ufeff"), title="")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        raise UserFacingError(m.BAD_FRONT_MATTER, file=name) from None
    if not isinstance(meta, dict):
        raise UserFacingError(m.BAD_FRONT_MATTER, file=name)
    return LoadedDocument(
        text=text[match.end():],
        title=str(meta.get("title") or "").strip(),
        author=str(meta["author"]).strip() if meta.get("author") else None,
        doc_date=_as_date(meta.get("date")),
        visibility=str(meta["visibility"]).strip() if meta.get("visibility") else None,
    )


def first_heading(text: str) -> str | None:
    match = _HEADING.search(text)
    return match.group(1).strip() if match else None


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _read_pdf(data: bytes, name: str, ocr: PageOcr | None = None) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to restrict printing.
            try:
                if not reader.decrypt(""):
                    raise UserFacingError(m.PDF_ENCRYPTED, file=name)
            except UserFacingError:
                raise
            except Exception:  # noqa: BLE001 - unsupported cipher or bad password: same answer
                raise UserFacingError(m.PDF_ENCRYPTED, file=name) from None
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title).strip() if meta and meta.title else ""
        author = str(meta.author).strip() if meta and meta.author else None
    except UserFacingError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UserFacingError(m.FILE_CORRUPT, file=name, format="PDF") from None
    text = "\n\n".join(page for page in pages if page)
    if not text.strip() and ocr is not None:
        text = _ocr_pages(reader, ocr)
    if not text.strip():
        raise UserFacingError(m.PDF_NO_TEXT, file=name)
    return LoadedDocument(text=text, title=title, author=author)


def _ocr_pages(reader: object, ocr: PageOcr) -> str:
    """The text of a scanned PDF: each page's embedded images, OCR'd in order.

    A scan is one image per page, so the images pypdf extracts are the pages themselves; no
    renderer is needed."""
    import tempfile

    pages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="salesbot-pdf-ocr-") as tmp:
        for page_no, page in enumerate(reader.pages, start=1):  # type: ignore[attr-defined]
            lines: list[str] = []
            try:
                images = list(page.images)
            except Exception as error:  # noqa: BLE001 - an undecodable image: that page has no text
                log.warning("pdf page %d: images unreadable: %s", page_no, type(error).__name__)
                continue
            for n, image in enumerate(images):
                target = Path(tmp) / f"p{page_no}-{n}{Path(image.name).suffix or '.png'}"
                target.write_bytes(image.data)
                lines.append(ocr.read(target).text.strip())
            pages.append("\n".join(line for line in lines if line))
    return "\n\n".join(page for page in pages if page)


def _read_docx(data: bytes, name: str) -> LoadedDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise UserFacingError(m.FILE_CORRUPT, file=name, format="DOCX") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.match(r"Heading (\d)", style)
        if level:
            lines.append(f"{'#' * int(level.group(1))} {text}")
        elif style == "Title":
            lines.append(f"# {text}")
        elif "List" in style:
            lines.append(f"- {text}")
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            lines.append("| " + " | ".join(cell.text.strip() for cell in row.cells) + " |")
    props = document.core_properties
    return LoadedDocument(text="\n\n".join(lines), title=(props.title or "").strip(),
                          author=(props.author or "").strip() or None,
                          doc_date=props.modified.date() if props.modified else None)


def read_html(text: str) -> LoadedDocument:
    """Visible HTML text, with headings and list items kept as Markdown so chunking sees them."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.head:
        soup.head.decompose()
    for level in range(1, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.replace_with(f"\n\n{'#' * level} {heading.get_text(' ', strip=True)}\n\n")
    for item in soup.find_all("li"):
        item.replace_with(f"\n- {item.get_text(' ', strip=True)}\n")
    for row in soup.find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
        row.replace_with("\n| " + " | ".join(cells) + " |\n")
    for block in soup.find_all(["p", "div", "br", "section", "article"]):
        block.insert_before("\n\n")
    body = soup.get_text()
    body = re.sub(r"[ \t\u00a0]+", " ", body)
    body = re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", body).strip()
    return LoadedDocument(text=body, title=title)
