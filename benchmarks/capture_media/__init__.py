"""Capture media for benchmarks: memos rendered as handwriting-style photos and spoken by Kokoro,
read back by OCR / Whisper (cached under benchmarks/.cache/, which git ignores)."""
