"""File kinds come from content, never from the name or claimed type."""

from __future__ import annotations

import pytest

from capture.media import sniff


@pytest.mark.parametrize(("head", "kind", "fmt"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo", "jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00", "photo", "png"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", "photo", "heic"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio", "m4a"),
    (b"\x00\x00\x00\x20ftypisom\x00\x00", "audio", "m4a"),
    (b"\x1a\x45\xdf\xa3\x9f", "audio", "webm"),
    (b"OggS\x00\x02", "audio", "ogg"),
    (b"ID3\x04\x00", "audio", "mp3"),
    (b"\xff\xfb\x90\x64", "audio", "mp3"),
    (b"\xff\xf1\x50\x80", "audio", "aac"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio", "wav"),
    (b"fLaC\x00", "audio", "flac"),
    ("山田製作所を訪問".encode(), "text", "text"),
    (b"%PDF-1.7", None, "pdf"),
    (b"GIF89a", None, "gif"),
    (b"\x00\x01\x02\x03\xfe", None, "binary"),
])
def test_sniff(head: bytes, kind: str | None, fmt: str) -> None:
    found = sniff(head)
    assert (found.kind, found.format) == (kind, fmt)
