# Shared by scripts/test and scripts/run-sample: a project-local virtualenv with Pustaka
# installed. Sourced, not run. Re-installs only when pyproject.toml changes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_venv() {
  # $1: the pip extras to install, e.g. "" or "[test]"
  local extras="${1:-}"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
      # Debian's own python3 leaves venv/ensurepip to a separate package
      echo "==> installing Debian's python3-venv"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    echo "==> creating $VENV"
    # --clear: a .venv whose python is gone (e.g. the interpreter was upgraded) is rebuilt
    "$PYTHON" -m venv --clear "$VENV"
  fi
  local stamp="$VENV/.pustaka-installed$extras"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> installing Pustaka$extras into $VENV"
    # pip's chatter (build warnings) is shown only when the install fails
    local log="$VENV/pip-install.log"
    if ! { "$VENV/bin/python" -m pip install --quiet --upgrade pip &&
           "$VENV/bin/python" -m pip install --quiet -e "$ROOT$extras"; } >"$log" 2>&1; then
      cat "$log" >&2
      echo "==> pip install failed (log: $log)" >&2
      return 1
    fi
    echo "$want" > "$stamp"
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
  if [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Debian's chromium"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
}

ensure_postgresql() {
  # The endpoint tests start their own PostgreSQL server (as the postgres user) from
  # Debian's package; nothing listens on a fixed port and no cluster is created.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "==> installing Debian's postgresql"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

ensure_icc_profiles() {
  # The colour-management test converts from an Adobe RGB (1998) compatible profile.
  if [ ! -f /usr/share/color/icc/compatibleWithAdobeRGB1998.icc ]; then
    echo "==> installing Debian's icc-profiles-free"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq icc-profiles-free >/dev/null
  fi
}

ensure_tesseract() {
  # The build reads scanned pages by OCR (generator/fulltext/ocr.py) with Tesseract and its
  # Indonesian model; without them it warns and leaves scans out of the full-text search.
  if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then
    echo "==> installing Debian's tesseract-ocr and tesseract-ocr-ind"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-ind >/dev/null
  fi
}
