"""The record templates' Jinja environment takes two shortcuts (dict lookups, plain calls);
templates must render exactly as in Jinja's own environment, whatever they hold."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.build import build_site
from generator.render import writer

from .projects import make_project


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_pages_are_the_same_as_with_jinjas_own_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    build_site(project / "mkdocs.yml", tmp_path / "shortcuts")

    def plain_environment(template_dirs: list[Path]) -> jinja2.Environment:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True)
        env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(writer.markdown_html(text))
        return env

    monkeypatch.setattr(writer, "make_environment", plain_environment)
    build_site(project / "mkdocs.yml", tmp_path / "plain")
    shortcuts, plain = _pages(tmp_path / "shortcuts"), _pages(tmp_path / "plain")
    assert len(shortcuts) > 40 and shortcuts.keys() == plain.keys()
    assert [url for url in shortcuts if shortcuts[url] != plain[url]] == []


def _both(source: str, **context: object) -> tuple[str, str]:
    ours = writer.make_environment([]).from_string(source).render(**context)
    jinjas = jinja2.Environment(autoescape=True).from_string(source).render(**context)
    return ours, jinjas


@pytest.mark.parametrize("source", [
    "{{ d.title }}",  # a key
    "{{ d.missing }}|{{ d.missing is defined }}",  # no such key: undefined, as in Jinja
    "{{ d.items is callable }}|{{ d.get('title') }}",  # dict methods come before keys of the same name
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ d.nested.deeper }}|{{ o.real }}|{{ s.upper() }}",  # nested dicts, other objects' attributes
])
def test_lookups_match_jinja(source: str) -> None:
    context = {"d": {"title": "<b>Babad</b>", "items": "a key named like a method", "get": 1,
                     "nested": {"deeper": "x & y"}},
               "o": 3 + 4j, "s": "teks"}
    ours, jinjas = _both(source, **context)
    assert ours == jinjas
    assert "<b>" not in ours  # still escaped


def test_missing_key_is_an_error_where_jinja_makes_it_one() -> None:
    env = writer.make_environment([])
    env.undefined = jinja2.StrictUndefined
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'missing'"):
        env.from_string("{{ d.missing }}").render(d={})


def test_calls_match_jinja() -> None:
    @jinja2.pass_context
    def wants_context(context: jinja2.runtime.Context, x: str) -> str:
        return f"{context['name']}:{x}"

    @jinja2.pass_environment
    def wants_environment(environment: jinja2.Environment, x: str) -> str:
        return f"{environment.autoescape}:{x}"

    class Labels:
        def label(self, kind: str, value: str) -> str:
            return f"{kind}={value}"

        def __call__(self, key: str, **values: object) -> str:
            return f"{key}{sorted(values.items())}"

    def stops() -> None:
        raise StopIteration

    source = ("{{ plain('a') }}|{{ wants_context('b') }}|{{ wants_environment('c') }}|{{ labels.label('k', '<v>') }}"
              "|{{ labels('key', n=2) }}|{% for x in [1, 2] %}{{ plain(x) }}{{ wants_context(x) }}{% endfor %}"
              "|{{ stops() is defined }}")
    context = {"plain": lambda x: f"<{x}>", "wants_context": wants_context, "wants_environment": wants_environment,
               "labels": Labels(), "stops": stops, "name": "N"}
    ours, jinjas = _both(source, **context)
    assert ours == jinjas
    assert ours.startswith("&lt;a&gt;|N:b|True:c|k=&lt;v&gt;|")
    assert ours.endswith("|False")


def test_interface_text_calls_match_jinja() -> None:
    from generator.site.i18n import Translator

    t = Translator("en")
    assert writer._PageContext.PLAIN[-1] is Translator and not hasattr(Translator.__call__, "jinja_pass_arg")
    source = "{{ t('items_count', n=3) }}|{{ t.label('type', 'thesis') }}|{{ t.date(when) }}"
    import datetime as dt

    ours, jinjas = _both(source, t=t, when=dt.date(2026, 11, 30))
    assert ours == jinjas == "3 items|Thesis|30 November 2026"


def test_once_renders_a_fragment_once_per_language(tmp_path: Path) -> None:
    from generator.site.page import GeneratedPage

    (tmp_path / "_fragment.html").write_text("<b>{{ t('cite') }}</b> {{ lang }} {{ count() }}", encoding="utf-8")
    (tmp_path / "page.html").write_text("{{ data.n }}: {{ once('_fragment.html') }}", encoding="utf-8")
    (tmp_path / "bad.html").write_text("{{ once('_needs_page.html') }}", encoding="utf-8")
    (tmp_path / "_needs_page.html").write_text("{{ rel('x.html') }}", encoding="utf-8")
    calls = []
    renderer = writer.BodyRenderer([tmp_path], {"count": lambda: calls.append(1) or len(calls)})

    def page(lang: str, n: int, template: str = "page.html") -> str:
        return renderer.render(GeneratedPage(url=f"{'en/' if lang == 'en' else ''}x/{n}.html", template=template,
                                             title="", section="catalogue", lang=lang, data={"n": n}))

    assert [page("id", 1), page("id", 2), page("en", 3), page("en", 4)] == [
        "1: <b>Sitasi</b> id 1", "2: <b>Sitasi</b> id 1", "3: <b>Cite this item</b> en 2", "4: <b>Cite this item</b> en 2"]
    # A fragment is the same on every page: it is given nothing of one.
    with pytest.raises(jinja2.UndefinedError, match="'rel' is undefined"):
        page("id", 5, "bad.html")
