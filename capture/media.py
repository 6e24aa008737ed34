"""What a file really is (by its bytes, never its claimed type) and audio decoding with ffmpeg."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from capture import messages
from core.errors import UserFacingError

Kind = Literal["text", "audio", "photo"]
SAMPLE_RATE = 16_000

_FTYP_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


@dataclass(frozen=True)
class Sniffed:
    kind: Kind | None
    format: str  # "jpeg", "png", "heic", "m4a", "webm", "ogg", "mp3", "wav", "flac", "aac", "text", or a guess


def sniff(data: bytes) -> Sniffed:
    """The kind of ``data`` from its magic bytes; kind None for anything we do not accept."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("photo", "jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("photo", "png")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return Sniffed("photo", "heic") if brand in _FTYP_IMAGE_BRANDS else Sniffed("audio", "m4a")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("audio", "webm")
    if head.startswith(b"OggS"):
        return Sniffed("audio", "ogg")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
                                   and head[1] & 0x06 != 0):
        return Sniffed("audio", "mp3")
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return Sniffed("audio", "aac")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Sniffed("audio", "wav")
    if head.startswith(b"fLaC"):
        return Sniffed("audio", "flac")
    for signature, name in ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"GIF8", "gif"), (b"BM", "bmp"),
                            (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"\x7fELF", "executable")):
        if head.startswith(signature):
            return Sniffed(None, name)
    if b"\x00" not in data[:4096]:
        try:
            data.decode("utf-8")
            return Sniffed("text", "text")
        except UnicodeDecodeError:
            pass
    return Sniffed(None, "binary")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise UserFacingError(messages.FFMPEG_MISSING)
    return path


def probe_duration(path: Path) -> float:
    """Seconds of audio in ``path``; a specific error when ffprobe finds no audio stream."""
    ffprobe = require_tool("ffprobe")
    result = subprocess.run([ffprobe, "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
                             str(path)], capture_output=True, timeout=60, check=False)
    if result.returncode != 0:
        raise UserFacingError(messages.CORRUPT_AUDIO)
    info = json.loads(result.stdout or b"{}")
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        raise UserFacingError(messages.CORRUPT_AUDIO)
    duration = info.get("format", {}).get("duration") or streams[0].get("duration")
    try:
        return float(duration)
    except (TypeError, ValueError):
        return 0.0


def decode_audio(path: Path) -> np.ndarray:
    """16 kHz mono float32 samples in [-1, 1]; CORRUPT_AUDIO when ffmpeg cannot decode it all."""
    ffmpeg = require_tool("ffmpeg")
    result = subprocess.run([ffmpeg, "-nostdin", "-v", "error", "-xerror", "-i", str(path), "-vn", "-ac", "1",
                             "-ar", str(SAMPLE_RATE), "-f", "s16le", "-acodec", "pcm_s16le", "-"],
                            capture_output=True, timeout=600, check=False)
    if result.returncode != 0 or not result.stdout:
        raise UserFacingError(messages.CORRUPT_AUDIO)
    return np.frombuffer(result.stdout, np.int16).astype(np.float32) / 32768.0


def is_silent(samples: np.ndarray, threshold_dbfs: float = -50.0) -> bool:
    """True when the loudest 100 ms window stays below ``threshold_dbfs`` (nothing was said)."""
    if samples.size == 0:
        return True
    window = SAMPLE_RATE // 10
    usable = samples[: samples.size - samples.size % window] if samples.size >= window else samples
    frames = usable.reshape(-1, window) if usable.size >= window else usable.reshape(1, -1)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    loudest = float(rms.max()) if rms.size else 0.0
    return loudest <= 0 or 20 * np.log10(loudest) < threshold_dbfs
