"""Record templates get their fixed interface text written in when they are loaded, one
copy per language: the pages must be exactly what ``t('key')`` at render time made."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_site
from generator.render import writer
from generator.site.i18n import Translator

from .projects import make_project


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_pages_are_the_same_as_with_text_looked_up_per_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    build_site(project / "mkdocs.yml", tmp_path / "fixed")
    # Every page rendered by the environment that looks each text up as it renders.
    monkeypatch.setattr(writer.BodyRenderer, "environment", lambda self, lang: self.env)
    build_site(project / "mkdocs.yml", tmp_path / "looked-up")
    fixed, looked_up = _pages(tmp_path / "fixed"), _pages(tmp_path / "looked-up")
    assert len(fixed) > 40 and fixed.keys() == looked_up.keys()
    assert [url for url in fixed if fixed[url] != looked_up[url]] == []


def test_only_plain_lookups_are_written_in() -> None:
    loader = writer._OneLanguageLoader(None, "en")  # type: ignore[arg-type]
    t = Translator("en")
    source = ("<h2>{{ t('description') }}</h2><p>{{t(\"details\")}}</p>"
              "<p>{{ t('items_count', n=3) }}</p><p lang=\"{{ lang }}\">{{ t.label('type', x) }}</p>")
    out = loader.localise(source)
    assert f"<h2>{t('description')}</h2><p>{t('details')}</p>" in out
    assert "{{ t('items_count', n=3) }}" in out and "{{ t.label('type', x) }}" in out
    assert 'lang="en"' in out


def test_fixed_text_is_escaped_and_never_read_as_template(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = writer._OneLanguageLoader(None, "id")  # type: ignore[arg-type]
    monkeypatch.setattr(loader, "t", lambda key: {"a": "Tom & <Jerry>", "b": "{{ danger }}"}[key])
    out = loader.localise("{{ t('a') }}|{{ t('b') }}")
    assert out == "Tom &amp; &lt;Jerry&gt;|{{ t('b') }}"
