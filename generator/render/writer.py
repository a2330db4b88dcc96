"""Rendering generated pages into files, fast.

A record page is a small body (rendered here with Jinja2, autoescaped) inside a page
*shell*: the theme's full page with holes for the title, the head extras and the body.
The rendering layer (the MkDocs plugin) makes one shell per language, section and folder
depth; all pages of one kind then share it, so 10,000 item pages cost 10,000 small body
renders rather than 10,000 full theme renders.

Unchanged pages are not rendered again: each page's inputs are hashed, and when the
previous site holds a page made from the same inputs, it is hard-linked (or copied)
into the new site.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any, Callable

import jinja2
import jinja2.runtime
from markupsafe import Markup

from ..lifeline import pool_options
from ..site.i18n import Translator
from ..site.page import GeneratedPage
from ..site.urls import item_url, other_language_url, record_url, relative
from ..site.text import markdown_html

log = logging.getLogger(__name__)

TOKENS = ("TITLE", "DESC", "HEAD", "BODY", "ALT")
_MARK = "PUSTAKA-SHELL-{}-5e1f"
_TOKEN_RE = re.compile("PUSTAKA-SHELL-(" + "|".join(TOKENS) + ")-5e1f")
_PARALLEL_FROM = 400


def shell_token(name: str) -> str:
    """The placeholder the page shell carries for ``name`` (one of TOKENS)."""
    assert name in TOKENS, name
    return _MARK.format(name)


@dataclass(frozen=True)
class Shell:
    """A themed page with holes; ``fill`` puts one page's parts into it."""

    parts: tuple[str, ...]  # text between the holes
    order: tuple[str, ...]  # which hole follows each part
    digest: str

    @classmethod
    def parse(cls, html: str) -> "Shell":
        pieces = _TOKEN_RE.split(html)  # text, name, text, name, …, text
        parts, order = tuple(pieces[0::2]), tuple(pieces[1::2])
        missing = {"TITLE", "BODY"} - set(order)
        assert not missing, f"page shell lacks the placeholders {sorted(missing)}"
        return cls(parts, order, hashlib.sha1(html.encode()).hexdigest())

    def fill(self, **values: str) -> str:
        out = [self.parts[0]]
        for name, part in zip(self.order, self.parts[1:]):
            out.append(values[name.lower()])
            out.append(part)
        return "".join(out)


def alternate_url(url: str) -> str:
    return other_language_url(url)[1]


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _PageContext(jinja2.runtime.Context):
    """Jinja's context, with a shorter way to call a plain function or method.

    Every call in a template (``rel(url)``, ``t('key', n=3)``, ``t.label(...)``: ~80 on an
    item page) goes through ``Context.call``, which first asks the callable whether it wants
    the context passed in. A function, a method or a Translator without such a marker is
    called at once here, exactly as ``Context.call`` would call it; anything else (macros,
    filters' helpers, other objects) takes Jinja's own way.
    """

    PLAIN = (FunctionType, MethodType, Translator)  # Translator.__call__ asks for no context

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's spelling)
        if type(__obj) in __self.PLAIN and not hasattr(__obj, "jinja_pass_arg"):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _PageEnvironment(jinja2.Environment):
    """Jinja's environment, with a shorter way to look up ``item.title`` in a record.

    Jinja looks ``x.name`` up as an attribute first and as a key second, so on a dict each
    such lookup raises and catches an AttributeError (an item page has ~150 of them). A
    plain dict has no attributes but its methods: for any other name, the key is looked up
    at once, which is what Jinja ends up doing anyway.
    """

    context_class = _PageContext

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_environment(template_dirs: list[Path]) -> jinja2.Environment:
    env = _PageEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,  # record text must never become markup
        trim_blocks=True,
        lstrip_blocks=True,
        # A build makes its own environment: no template changes under it, so Jinja need
        # not look at three template files' dates for every page.
        auto_reload=False,
    )
    env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(markdown_html(text))
    return env


def template_digest(template_dirs: list[Path]) -> str:
    digest = hashlib.sha1()
    for folder in template_dirs:
        for path in sorted(folder.rglob("*.html")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# ``{{ t('key') }}`` and ``{{ lang }}`` are the same on every page of a language: written
# into the template when it is loaded, they cost nothing per page (an item page has ~40).
_FIXED_TEXT = re.compile(r"""\{\{\s*t\((['"])([A-Za-z0-9_]+)\1\)\s*\}\}""")
_FIXED_LANG = re.compile(r"\{\{\s*lang\s*\}\}")


class _OneLanguageLoader(jinja2.BaseLoader):
    """Templates with their fixed interface text already in one language."""

    def __init__(self, inner: jinja2.BaseLoader, lang: str) -> None:
        self.inner = inner
        self.lang = lang
        self.t = Translator(lang)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return self.localise(source), filename, uptodate

    def localise(self, source: str) -> str:
        def fixed(match: re.Match) -> str:
            text = str(jinja2.utils.markupsafe.escape(self.t(match[2])))  # as autoescape would
            return match[0] if "{" in text or "}" in text else text  # never anything Jinja would read

        return _FIXED_LANG.sub(self.lang, _FIXED_TEXT.sub(fixed, source))


class BodyRenderer:
    """Renders the body of one generated page."""

    def __init__(self, template_dirs: list[Path], globals_: dict[str, Any]) -> None:
        self.env = make_environment(template_dirs)  # its globals are every language's
        self.env.globals.update(globals_)
        self.envs: dict[str, jinja2.Environment] = {}
        self.translators = {}
        self.fragments: dict[tuple[str, str], Markup] = {}
        self.onces: dict[str, Callable[[str], Markup]] = {}

    def environment(self, lang: str) -> jinja2.Environment:
        """The environment whose templates are in ``lang`` (made on first use)."""
        if lang not in self.envs:
            env = self.env.overlay(loader=_OneLanguageLoader(self.env.loader, lang))
            env.globals = self.env.globals  # one set of globals, whenever they are set
            self.envs[lang] = env
        return self.envs[lang]

    def once(self, lang: str) -> Callable[[str], Markup]:
        """``once(name)`` for the pages of ``lang``: the template ``name`` rendered once for
        the language and reused on every page that asks. Such a fragment knows the language,
        its texts (``t``) and the renderer's globals, nothing of a page (no ``page``, ``data``
        or ``rel``): a part of a page that is the same wherever it appears."""
        if lang not in self.onces:
            def fragment(name: str) -> Markup:
                if (lang, name) not in self.fragments:
                    template = self.environment(lang).get_template(name)
                    self.fragments[lang, name] = Markup(template.render(t=self.translator(lang), lang=lang))
                return self.fragments[lang, name]

            self.onces[lang] = fragment
        return self.onces[lang]

    def translator(self, lang: str) -> Translator:
        return self.translators.get(lang) or self.translators.setdefault(lang, Translator(lang))

    def render(self, page: GeneratedPage) -> str:
        t = self.translator(page.lang)
        template = self.environment(page.lang).get_template(page.template)
        lang = page.lang
        return template.render(page=page, data=page.data, t=t, lang=lang, once=self.once(lang),
                               rel=lambda target: relative(target, page.url),
                               item_url=lambda item_id: item_url(lang, item_id),
                               branch_url=lambda branch_id: record_url(lang, "branches", branch_id))


ShellKey = tuple[str, int, str]  # language, folder depth, section


def shell_key(page: GeneratedPage) -> ShellKey:
    return (page.lang, page.url.count("/"), page.section)


def page_key(page: GeneratedPage, shell: Shell, templates: str) -> str:
    payload = pickle.dumps((page.url, page.template, page.title, page.description, page.breadcrumbs, page.data),
                           protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha1(payload + shell.digest.encode() + templates.encode()).hexdigest()


# State shared with forked workers (set before the pool starts, read-only afterwards).
_job: dict[str, Any] = {}


def _render_range(bounds: tuple[int, int]) -> tuple[dict[str, str], int]:
    pages: list[GeneratedPage] = _job["pages"]
    renderer: BodyRenderer = _job["renderer"]
    shells: dict[ShellKey, Shell] = _job["shells"]
    out_dir: Path = _job["out_dir"]
    previous: Path | None = _job["previous"]
    old: dict[str, str] = _job["old_manifest"]
    head_extra: Callable[[GeneratedPage], str] = _job["head_extra"]
    manifest: dict[str, str] = {}
    reused = 0
    made_dirs: set[str] = set()
    for page in pages[bounds[0]:bounds[1]]:
        shell = shells[shell_key(page)]
        key = page_key(page, shell, _job["templates"])
        manifest[page.url] = key
        target = out_dir / page.url
        folder = os.path.dirname(target)
        if folder not in made_dirs:
            os.makedirs(folder, exist_ok=True)
            made_dirs.add(folder)
        if previous is not None and old.get(page.url) == key and _reuse(previous / page.url, target):
            reused += 1
            continue
        html = shell.fill(title=escape(page.title), desc=escape(page.description), head=head_extra(page),
                          body=renderer.render(page), alt=escape(relative(alternate_url(page.url), page.url)))
        _write(target, html)
    return manifest, reused


def _write(target: Path, text: str) -> None:
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)


def _reuse(old: Path, new: Path) -> bool:
    try:
        os.link(old, new)
        return True
    except FileExistsError:
        os.unlink(new)
        return _reuse(old, new)
    except OSError:
        try:
            shutil.copyfile(old, new)
            return True
        except OSError:
            return False


@dataclass
class Manifest:
    """What the last build made, so that the next one can skip what has not changed."""

    inputs: str  # digest of everything record pages are made from (records, settings, templates)
    shells: dict[ShellKey, str]  # shell digests
    pages: dict[str, str]  # url → page key
    extras: dict[str, Any]  # what the plugin needs without planning again (home widgets, media)

    @classmethod
    def load(cls, path: Path) -> "Manifest | None":
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # missing or damaged: only a slower build
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)


def link_all(urls: list[str], previous: Path, out_dir: Path) -> int:
    """Carry every listed page over from the previous site; return how many could not be."""
    made: set[str] = set()
    missing = 0
    for url in urls:
        target = out_dir / url
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if not _reuse(previous / url, target):
            missing += 1
    return missing


def write_pages(pages: list[GeneratedPage], out_dir: Path, *, renderer: BodyRenderer, shells: dict[ShellKey, Shell],
                templates: str, old_pages: dict[str, str], previous: Path | None,
                head_extra: Callable[[GeneratedPage], str] = lambda page: "",
                jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """Write every page into ``out_dir``; return the page keys and counts of rendered and reused pages."""
    # The pages of one record in each language side by side, so that what they share (the
    # record's Markdown, its metadata) is made once and found in the worker's small caches.
    pages = sorted(pages, key=lambda page: page.record or "")
    _job.update(pages=pages, renderer=renderer, shells=shells, out_dir=out_dir,
                previous=previous if previous and previous.is_dir() else None, old_manifest=old_pages,
                templates=templates, head_extra=head_extra)
    jobs = jobs or os.cpu_count() or 1
    manifest: dict[str, str] = {}
    reused = 0
    # Everything alive now (records, the page plan, templates) lives until the pages are
    # written: taking it out of the cyclic collector's sight spares every collection a walk
    # over the whole heap, and spares forked workers the copy-on-write such walks cause.
    gc.freeze()
    try:
        if jobs < 2 or len(pages) < _PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            step = 1000
            for start in range(0, len(pages), step):
                part, count = _render_range((start, min(len(pages), start + step)))
                manifest.update(part)
                reused += count
                if progress:
                    progress(min(len(pages), start + step), len(pages))
        else:
            size = max(100, len(pages) // (jobs * 8))
            ranges = [(i, min(len(pages), i + size)) for i in range(0, len(pages), size)]
            # fork shares the page list and templates with the workers without pickling them
            with multiprocessing.get_context("fork").Pool(jobs, **pool_options()) as pool:
                done = 0
                for part, count in pool.imap_unordered(_render_range, ranges):
                    manifest.update(part)
                    reused += count
                    done += len(part)
                    if progress:
                        progress(done, len(pages))
    finally:
        _job.clear()
        gc.unfreeze()
    return manifest, {"pages": len(pages), "rendered": len(pages) - reused, "reused": reused}
