"""OCR with Tesseract (Debian's ``tesseract-ocr`` and ``tesseract-ocr-ind``), run as a command.

Only the words Tesseract is confident of are kept: a photograph, a map or a page in a
script Tesseract has no model for gives scattered low-confidence "words", and a page
where too few words are confident gives no text at all. A build without Tesseract
warns once and reads no image (`find_ocr` returns None).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

log = logging.getLogger(__name__)

#: A word is kept when Tesseract's confidence in it (0-100) is at least this.
MIN_CONFIDENCE = 70
#: A page is kept when at least this many words, and this share of its words, are kept.
MIN_WORDS = 5
MIN_SHARE = 0.5
#: ISO 639-1 codes of the records → Tesseract's model names (ISO 639-2/T, as Debian packages them).
MODELS = {"id": "ind", "en": "eng", "nl": "nld", "jv": "jav", "ms": "msa", "su": "sun", "de": "deu",
          "fr": "fra", "pt": "por", "ar": "ara", "zh": "chi_sim", "ja": "jpn"}
#: The model used when no language of a record has one installed.
DEFAULT_MODELS = ("ind", "eng")


@dataclass
class Ocr:
    command: str
    version: str
    installed: frozenset[str]
    calls: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.languages = "+".join(m for m in DEFAULT_MODELS if m in self.installed) or "eng"

    def models_for(self, languages: Iterable[str]) -> str:
        """Tesseract's ``-l`` for a record's languages: those installed, else the default."""
        chosen = [MODELS.get(code, code) for code in languages]
        found = list(dict.fromkeys(m for m in chosen if m in self.installed))
        return "+".join(found) if found else self.languages

    def read(self, image, languages: str | None = None) -> str:
        """The confident words of a Pillow image, line by line, as one text."""
        with self._lock:
            self.calls += 1
        with tempfile.TemporaryDirectory(prefix="pustaka-ocr-") as folder:
            path = Path(folder) / "page.png"
            image.save(path)
            # One thread per Tesseract: the build runs several at once, one per core.
            done = subprocess.run([self.command, str(path), "stdout", "-l", languages or self.languages, "tsv"],
                                  capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
                                  env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        if done.returncode != 0:
            raise RuntimeError(f"tesseract failed: {done.stderr.strip()[-300:]}")
        return confident_text(done.stdout)


def confident_text(tsv: str) -> str:
    """The words of Tesseract's TSV output with enough confidence, joined by line."""
    lines: dict[tuple, list[str]] = {}
    words = kept = 0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        words += 1
        if float(row.get("conf") or -1) < MIN_CONFIDENCE or not any(c.isalnum() for c in text):
            continue
        kept += 1
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append(text)
    if kept < MIN_WORDS or kept < MIN_SHARE * words:
        return ""
    return " ".join(" ".join(line) for line in lines.values())


_warned = False


def find_ocr() -> Ocr | None:
    """Tesseract, when installed; else None, with one warning per process."""
    global _warned
    command = shutil.which("tesseract")
    if command is not None:
        try:
            version = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
            models = subprocess.run([command, "--list-langs"], capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            command = None
        else:
            first = (version.stdout or version.stderr).splitlines()[0].strip()
            installed = frozenset(line.strip() for line in models.stdout.splitlines()[1:] if line.strip())
            return Ocr(command, first, installed)
    if not _warned:
        _warned = True
        log.warning("pustaka: Tesseract is not installed: scanned pages are not read, their words are not "
                    "searchable (install the Debian packages tesseract-ocr and tesseract-ocr-ind)")
    return None
