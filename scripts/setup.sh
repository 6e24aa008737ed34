#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: Debian packages, .venv, Python dependencies.
# Called by `make demo` and `make test`; safe to run again (it only does what is missing).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv
# ffmpeg decodes voice memos, tesseract (+Japanese) is the optional OCR engine (RapidOCR, the
# default, is a Python package), the IPAex font draws Japanese chart labels; Klee One and Kiloji
# (handwriting-style Japanese fonts) are for tests and benchmarks only: they draw the photos of notes.
DEB_PACKAGES=(ffmpeg tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng fonts-ipaexfont-gothic fonts-klee fonts-kiloji)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

missing_debs() {
  local pkg
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
  done
}

install_debs() {
  local missing
  missing=$(missing_debs)
  [ -z "$missing" ] && return 0
  command -v apt-get >/dev/null || die "missing system packages: $missing. This is not a Debian/Ubuntu system: install them with your package manager."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    elif command -v sudo >/dev/null && [ -t 0 ]; then
      sudo="sudo"
    else
      die "missing system packages: $missing. Run as root or with sudo: apt-get install -y $missing"
    fi
  fi
  say "installing system packages: $missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
    || die "apt-get update failed (network or permissions?)"
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null \
    || die "apt-get install $missing failed"
}

check_python() {
  command -v "$PYTHON" >/dev/null || die "python3 not found; install Python 3.11 or newer."
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die "Python 3.11 or newer is needed; $("$PYTHON" --version 2>&1) found (set PYTHON=/path/to/python3.11)."
  "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "the Python venv module is missing: apt-get install python3-venv"
}

install_python_deps() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV" || die "could not create $VENV"
  fi
  # Re-install only when pyproject.toml changed since the last successful install.
  local stamp="$VENV/.salesbot-installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  say "installing Python dependencies (first time: a few minutes)"
  "$VENV/bin/python" -m pip install -qq --upgrade pip setuptools wheel || die "pip could not upgrade itself"
  # torch first and pinned: an unpinned resolve would pull the multi-GB CUDA build.
  "$VENV/bin/python" -m pip install -qq "torch==2.13.0" ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} \
    || die "could not install torch 2.13.0 (set TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu off this network)"
  "$VENV/bin/python" -m pip install -qq -e ".[dev]" || die "pip install -e .[dev] failed (see above)"
  echo "$want" > "$stamp"
}

install_debs
check_python
install_python_deps
say "ready"
