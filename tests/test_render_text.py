"""Record Markdown: plain prose skips the parser, and comes out exactly as the parser makes it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from generator.site import text

ROOT = Path(__file__).resolve().parent.parent


def _parsed(source: str) -> str:
    """What Python-Markdown makes of ``source``, however plain."""
    return text._convert_with_markdown(source, 1)


def _record_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "collection").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("description", "summary"):
            value = data.get(key) if isinstance(data, dict) else None
            values = value.values() if isinstance(value, dict) else [value]
            texts += [v for v in values if isinstance(v, str)]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    texts += [record["description"] for _, record in synth.items(2000, 1) if record.get("description")]
    return texts


def test_plain_prose_is_what_markdown_makes_of_it() -> None:
    texts = _record_texts()
    fast = [t for t in texts if text._plain_paragraphs(t) is not None]
    assert len(fast) > 0.8 * len(texts)  # the common case takes the short way
    assert [t for t in fast if text._plain_paragraphs(t) != _parsed(t)] == []


@pytest.mark.parametrize("source", [
    "Satu baris.\n\n\nDua paragraf.\n",
    "Baris 'kutip' dan \"ganda\" (kurung) – pisah… 50% / 3:2!\nlanjut",
    "Éléphant — ñandú. Ünïcode; 17.000 pulau?",
])
def test_edge_cases_of_plain_prose(source: str) -> None:
    assert text._plain_paragraphs(source) == _parsed(source)


@pytest.mark.parametrize("source", [
    "1. daftar", "- daftar", "* daftar", "Judul\n===", "Judul\n---", "a  \nb", "kata *miring*", "kata _miring_",
    "`kode`", "[tautan](https://contoh.id)", "Tabel | x", "tanda > kutip", "x &amp; y", "<script>alert(1)</script>",
    "satu\n\n    kode", " spasi di depan", "# Judul", "baris\tdengan tab", "baris\r\nwindows", "\\*bukan miring\\*",
])
def test_anything_markdown_would_read_goes_to_the_parser(source: str) -> None:
    assert text._plain_paragraphs(source) is None
    assert text.markdown_html(source) == _parsed(source)
