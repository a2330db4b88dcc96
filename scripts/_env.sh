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
    echo "==> creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.pustaka-installed$extras"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> installing Pustaka$extras into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT$extras"
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
