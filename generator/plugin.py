"""The ``pustaka`` MkDocs plugin: the only module that knows MkDocs.

It coordinates: records are loaded and planned by `generator.records` and
`generator.render.site`, bodies rendered by `generator.render.writer`. The plugin adds
the library's navigation to every page, renders one page *shell* per language,
section and folder depth with mkdocs-material, and writes the record pages into it.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import os
import re
import shutil
from html import escape, unescape
import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from pathlib import Path
from typing import Any, Callable

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import __version__
from .exceptions import PustakaError, ValidationFailed
from .media import MediaFailed, MediaSettings, place, process_media
from .media.settings import ImageSettings
from .metadata import SiteInfo, write_page_files, write_record_files
from .metadata.citations import CSL_LOCALES, STYLES as CITATION_STYLES, page_citation
from .metadata.citations import remembered as remembered_citations
from .metadata.feeds import FEEDS
from .metadata.tags import feed_links, page_head
from .background import Background
from .collector import collector_paused
from .site.forms import endpoint_advice, write_forms
from .site.item_choice import write_choices
from .records import load_collection
from .records.history import record_history
from .search import RecordSearch, build_record_search, finish_site_search
from .files import link_or_copy
from .fulltext import extract_fulltext, write_fulltext_cached
from .site.i18n import LANGUAGES, Translator
from .site.page import GeneratedPage
from .site.plan import plan_site
from .site.urls import MEDIA_FOLDER, index_url, other_language_url
from .site.requests import FormOnce, ask_librarian_service, form_emails
from .render.writer import (BodyRenderer, Manifest, Shell, ShellKey, link_all, shell_key, shell_token,
                            template_digest, write_pages)

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: mkdocs-material's own search (Lunr, language packs, web worker): unused by Pustaka.
_MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")

#: Where the pages of each section of the navigation live, in navigation order.
NAV_SECTIONS = (("home", ()), ("catalogue", ("katalog",)), ("services", ("layanan",)),
                ("branches", ("lokasi",)), ("events", ("kegiatan",)))


class PustakaConfig(Config):
    collection = c.Type(str, default="collection")
    languages = c.ListOfItems(c.Choice(LANGUAGES), default=list(LANGUAGES))
    page_size = c.Type(int, default=50)
    cache_dir = c.Type(str, default=".pustaka-cache")
    # Fixes "today" for deciding which events are upcoming; tests and previews set it.
    today = c.Optional(c.Type(str))
    jobs = c.Optional(c.Type(int))
    # Metadata: the library's time zone for events (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura),
    # the OAI-PMH contact (else the first branch e-mail) and an OAI Static Repository Gateway.
    timezone = c.Type(str, default="Asia/Jakarta")
    admin_email = c.Optional(c.Type(str))
    oai_gateway = c.Optional(c.Type(str))
    # Media: a bad scan stops the build unless keep_going (or `pustaka build --keep-going`).
    keep_going = c.Type(bool, default=False)
    max_image_pixels = c.Type(int, default=250_000_000)
    tile_from = c.Type(int, default=2500)  # long edge (px) above which scans get deep-zoom tiles
    # Where request forms post (the `pustaka endpoint` server, or another service by URL).
    endpoint = c.Type(str, default="http://127.0.0.1:8001")
    # The service every page links to as "Tanya pustakawan" (default: tanya-pustakawan, else
    # the first reference service with a form).
    ask_service = c.Optional(c.Type(str))


class PustakaPlugin(BasePlugin[PustakaConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        # Set by `pustaka build`: the site being replaced, whose unchanged pages are reused.
        self.previous_site: Path | None = None
        self.final_site: Path | None = None
        self.failure: PustakaError | None = None
        # Set by `pustaka build --keep-going`: build without the media files that fail.
        self.keep_going: bool | None = None
        self.stats: dict[str, Any] = {}
        # Feeds, open data and search data, written by another process while this one
        # plans and writes the pages (started in on_files, joined in _finish).
        self.beside: Background | None = None
        self.records_saved: Background | None = None  # the record cache, written by another process
        self.unchanged = False  # set by on_pre_build: no record page needs planning
        # Under `serve`: a hard-linked copy of the last site, whose pages the next rebuild reuses.
        self.serving = False
        self.serve_snapshot: Path | None = None

    # -- configuration ---------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With this method MkDocs keeps the plugin object across the rebuilds of one
        # `serve`, so each rebuild can reuse the pages of the one before, as `pustaka build`
        # does: a librarian saving a record waits for that record's pages only.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.serve_snapshot is not None:
            shutil.rmtree(self.serve_snapshot, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:
            self.previous_site = self.serve_snapshot
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.collection_dir = (self.project_dir / self.config.collection).resolve()
        self.cache_dir = (self.project_dir / self.config.cache_dir).resolve()
        if config.theme.name != "material":
            raise PluginError(f"pustaka needs theme: material (got {config.theme.name!r})")
        # Offline first: Google Fonts would be fetched on every page, and folder URLs
        # ("katalog/") open a file listing on a USB stick instead of the page.
        if config.theme.get("font") is not False:
            log.info("pustaka: turning off mkdocs-material's web fonts (pages must not reach the network)")
            config.theme["font"] = False
        if config.use_directory_urls:
            log.info("pustaka: using use_directory_urls: false so that links work from file://")
            config.use_directory_urls = False
        self.languages = [lang for lang in LANGUAGES if lang in self.config.languages]
        try:
            ZoneInfo(self.config.timezone)
        except (ValueError, ZoneInfoNotFoundError):
            raise PluginError(f"pustaka: timezone: expected an IANA time zone such as Asia/Jakarta (WIB), "
                              f"Asia/Makassar (WITA) or Asia/Jayapura (WIT), got {self.config.timezone!r}") from None
        # A public site whose forms still post to 127.0.0.1: said at info level, because the
        # forms then still keep requests for hand-in, and --strict builds must not fail on it.
        advice = endpoint_advice(config.site_url or "", self.config.endpoint)
        if advice:
            log.info(advice)
        self.theme_dirs = [Path(d) for d in config.theme.dirs if (Path(d) / "pustaka").is_dir()]
        if not self.theme_dirs:
            raise PluginError("pustaka: no theme folder holds pustaka/ templates; set theme.custom_dir to theme")
        return config

    # -- load and plan -------------------------------------------------------------------
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        self._records_saved()  # under serve, the last build's record cache is complete before it is read
        try:
            with collector_paused():  # records are trees of small objects, no cycles
                # The record cache is written by another process while this one plans the pages.
                self.collection = load_collection(self.collection_dir, project_dir=self.project_dir,
                                                  cache_dir=self.cache_dir, progress=_progress("records checked"),
                                                  save_later=self._save_records_later)
        except ValidationFailed as exc:
            self.failure = exc
            raise PluginError(str(exc)) from exc
        # When each record last changed (git, or the ledger): datestamps for harvesters and feeds.
        self.collection.history = record_history(
            self.collection_dir, self.collection.digests, today=dt.date.today(),
            added={f"items/{i}": item["added"] for i, item in self.collection.items.items() if item.get("added")})
        ask = self.config.ask_service
        if ask and ask not in self.collection.services:
            raise PluginError(f"pustaka: ask_service: expected the id of a service in {self.config.collection}/services, "
                              f"got {ask!r}")
        # Citations are formatted in the reader's browser now: a cache of formatted ones left
        # by an older Pustaka (one file per item and language) would be carried along forever
        # by CI caches that restore and save .pustaka-cache whole.
        shutil.rmtree(self.cache_dir / "citations", ignore_errors=True)
        self._process_media()
        loaded = time.perf_counter()
        self.today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        self.build_date = dt.date.today()
        self.templates = template_digest(self.theme_dirs)
        self.templates += self.config.endpoint  # forms post there: a new endpoint re-renders them
        self.template_cache = jinja2.FileSystemBytecodeCache(str(self._cache_folder("jinja")))
        self.renderer = BodyRenderer([d / "pustaka" for d in self.theme_dirs],
                                     {"site_name": config.site_name, "build_date": self.build_date,
                                      "citation_styles": CITATION_STYLES, "citation_locales": CSL_LOCALES})
        self.renderer.env.bytecode_cache = self.template_cache
        self.renderer.env.globals["endpoint"] = self.config.endpoint.rstrip("/")
        # Offline requests can be e-mailed to the branch or the library instead (forms.js).
        self.renderer.env.globals["form_emails"] = form_emails(self.collection, self.config.admin_email)
        self.renderer.env.globals["form_once"] = FormOnce()  # item pages' request forms, rendered once
        self.site_info = SiteInfo(site_url=(config.site_url or "").rstrip("/"), site_name=config.site_name,
                                  timezone=self.config.timezone, admin_email=self.config.admin_email,
                                  oai_gateway=self.config.oai_gateway)
        # The item page's citation section: its CSL-JSON (formatted in the browser), BibTeX and RIS.
        self.renderer.env.globals["citation"] = functools.partial(page_citation, site_url=self.site_info.site_url)
        self.inputs = self._inputs_digest(config)
        self.manifest_path = self.cache_dir / f"pages-{_hash(str(self.final_site or config.site_dir))}.pickle"
        previous = self._previous()
        old = Manifest.load(self.manifest_path) if previous else None
        self.old_manifest = old
        self.plan = None
        self.stats = {"records": len(self.collection), "load_seconds": loaded - started}
        log.debug("pustaka: records loaded in %.2f s", loaded - started)
        self.unchanged = old is not None and old.inputs == self.inputs
        if self.unchanged:
            # Nothing a record page is made from has changed: plan nothing, unless the
            # page shells (navigation, theme) turn out to differ in on_post_build.
            self.page_urls = {url for url in old.pages if url.endswith(".html")}
            self.home, self.media = old.extras["home"], old.extras["media"]
            log.info("pustaka: %d records, %d generated pages (unchanged since the last build)",
                     len(self.collection), len(self.page_urls))
        # Else the pages are planned in on_files: MkDocs empties the site folder after this
        # event, and the process started then writes into it while this one plans.

    def _save_records_later(self, save: Any) -> None:
        self.records_saved = Background(save, name="pustaka-record-cache")

    def _records_saved(self) -> None:
        """Wait for the record cache to be written (it is read by the next build)."""
        saving, self.records_saved = self.records_saved, None
        if saving is not None:
            saving.result()

    def _process_media(self) -> None:
        settings = MediaSettings(images=ImageSettings(max_pixels=self.config.max_image_pixels,
                                                      tile_from=self.config.tile_from))
        paths = {f[key] for item in self.collection.items.values() for f in item.get("files", [])
                 for key in ("path", "captions", "transcript") if key in f}
        display = os.path.relpath(self.collection_dir, self.project_dir)
        self.media_manifest = process_media(paths, self.collection_dir, self.cache_dir, settings=settings,
                                            jobs=self.config.jobs, display=display)
        if self.media_manifest.errors:
            keep_going = self.config.keep_going if self.keep_going is None else self.keep_going
            if not keep_going:
                self.failure = MediaFailed(self.media_manifest.errors)
                raise PluginError(str(self.failure))
            for error in self.media_manifest.errors:
                log.warning("pustaka: %s (shown as a download only: --keep-going)", error)
        # The text inside the digitized files, for the full-text search (cached per file content).
        self.fulltext = extract_fulltext(self.collection, self.collection_dir, self.cache_dir, jobs=self.config.jobs,
                                         display=display)
        for error in self.fulltext.errors:
            log.warning("pustaka: %s (its text is not searchable)", error)

    def _plan(self) -> None:
        with collector_paused():  # ~23,000 pages of small dicts and lists at 10,000 items, no cycles
            self.plan = plan_site(self.collection, page_size=self.config.page_size, languages=self.languages,
                                  today=self.today, media_info=self.media_manifest.files)
            # Out of the collector's sight until the pages are written (write_pages unfreezes):
            # else its next full pass would walk all of it, and again, for nothing.
            gc.freeze()
        self.page_urls = {p.url for p in self.plan.pages}
        self.home, self.media = self.plan.home, self.plan.media

    def _inputs_digest(self, config: MkDocsConfig) -> str:
        digest = hashlib.sha1()
        for key in sorted(self.collection.digests):
            digest.update(f"{key}={self.collection.digests[key]}\n".encode())
        settings = (__version__, sorted(self.config.items()), self.languages, self.today.isoformat(),
                    self.build_date.isoformat(), self.templates, config.site_name, config.site_url, self.media_manifest.digest())
        digest.update(repr(settings).encode())
        return digest.hexdigest()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The catalogue search is the site's one search: without material's search plugin
        # its Lunr and worker files (~1.2 MB) are referenced by nothing, so leave them out.
        if not any(name in config.plugins for name in ("search", "material/search")):
            for file in [f for f in files if f.src_uri.startswith(_MATERIAL_SEARCH)]:
                files.remove(file)
        if not self.unchanged:
            started = time.perf_counter()
            # The site folder is empty now: what the records alone make is written into it
            # by another process from here on, beside the plan and the pages.
            gc.freeze()  # the forked process shares the heap as it is; the collector must not walk (and copy) it
            self.beside = self._start_beside_pages(Path(config.site_dir))
            self._plan()
            self.stats["plan_seconds"] = time.perf_counter() - started
            log.debug("pustaka: site planned in %.2f s", self.stats["plan_seconds"])
            log.info("pustaka: %d records, %d generated pages", len(self.collection), len(self.page_urls))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.files = files
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        # Compiled theme templates are kept between builds (keyed by their source's checksum).
        env.bytecode_cache = self.template_cache
        # "Ask a librarian" in every footer leads to the library's reference-question service.
        env.globals["pustaka_ask"] = ask_librarian_service(self.collection, self.config.ask_service)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_background()

    def stop_background(self) -> None:
        """The build stops: so does the work beside it (the site folder is given up anyway).
        MkDocs calls on_build_error for errors; `pustaka build` calls this when interrupted too."""
        beside, self.beside = self.beside, None
        if beside is not None:
            beside.cancel()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # A librarian editing a record sees the page reload, as with a hand-written page.
        server.watch(str(self.collection_dir))
        return server

    # -- hand-written pages ------------------------------------------------------------
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        lang = _lang_of(page.url)
        if page.url in ("index.html", f"{lang}/index.html") and lang in self.home:
            widget = GeneratedPage(url=page.url, template="home.html", title=page.title or "", section="home",
                                   lang=lang, data=self.home[lang])
            html += self.renderer.render(widget)
        return html

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        context["pustaka"] = self.chrome(page.url, _lang_of(page.url), _section_of(page.url))
        return context

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        # Theme pages such as 404.html have no Page; they get the Indonesian chrome.
        context["pustaka"] = self.chrome(template_name, LANGUAGES[0], "pages")
        return context

    def chrome(self, url: str, lang: str, section: str) -> dict[str, Any]:
        """The navigation and language switch shown around a page."""
        t = Translator(lang)
        entries = [{"title": t(name), "url": index_url(lang, *parts), "active": name == section}
                   for name, parts in NAV_SECTIONS]
        for item in self.nav.pages if hasattr(self, "nav") else []:
            if item.url.startswith(tuple(f"{x}/" for x in LANGUAGES[1:])) or item.url == "index.html":
                continue
            target = self._translated(item, lang)
            entries.append({"title": target.title, "url": target.url, "active": url == target.url})
        other = next(code for code in self.languages + list(LANGUAGES) if code != lang)
        other_url = other_language_url(url)[1]
        if not self._exists(other_url):
            other_url = index_url(other)
        feeds = [{"title": feed.titles[lang], "url": feed.path(fmt), "type": f"application/{fmt}+xml"}
                 for feed in FEEDS.values() for fmt in ("atom", "rss")]
        return {"lang": lang, "t": t, "nav": entries, "section": section, "feeds": feeds,
                "alternate": {"lang": other, "url": other_url, "label": t("switch_language"),
                              "title": t("switch_language_label")}}

    def _translated(self, page: Page, lang: str) -> Page:
        if lang == LANGUAGES[0]:
            return page
        other = self.files.get_file_from_path(f"{lang}/{page.file.src_uri}")
        return other.page if other is not None and other.page is not None else page

    def _exists(self, url: str) -> bool:
        return url in self.page_urls or any(f.url == url for f in self.files.documentation_pages())

    def _cache_folder(self, name: str) -> Path:
        folder = self.cache_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _previous(self) -> Path | None:
        """The site this build replaces (or, under serve, the last one served), if it is there."""
        return self.previous_site if self.previous_site and self.previous_site.is_dir() else None

    # -- record pages --------------------------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        site_dir = Path(config.site_dir)
        previous = self._previous()
        old = self.old_manifest
        if self.plan is None:
            shells = {key: self._shell(key, config) for key in old.shells}
            if all(shells[key].digest == digest for key, digest in old.shells.items()):
                missing = link_all(sorted(old.pages), previous, site_dir)
                if not missing:
                    counts = {"pages": len(self.page_urls), "rendered": 0, "reused": len(self.page_urls)}
                    return self._finish(site_dir, counts, started)
            self._plan()  # the theme or navigation changed, or the old site lost files: render
        shells = {key: self._shell(key, config) for key in {shell_key(p) for p in self.plan.pages}}
        site_url = (config.site_url or "").rstrip("/")

        info = self.site_info
        collection = self.collection

        def head(page: GeneratedPage) -> str:
            # Absolute URLs only where a standard asks for them: the canonical link, metadata for aggregators.
            canonical = f'<link rel="canonical" href="{escape(site_url)}/{escape(page.url)}">\n' if site_url else ""
            return canonical + page_head(page, collection, site_url=info.site_url, site_name=info.site_name,
                                         timezone=info.timezone) + "\n" + feed_links(page.url, lang=page.lang)

        # Feeds, open data and the search data need only the records: they are written
        # beside the pages, by a process of their own (started in on_files, or now when the
        # pages were to be carried over but could not be), rather than after them.
        gc.freeze()  # the forked processes share the heap as it is; the collector must not walk (and copy) it
        beside, self.beside = self.beside or self._start_beside_pages(site_dir), None
        try:
            pages, counts = write_pages(self.plan.pages, site_dir, renderer=self.renderer, shells=shells, head_extra=head,
                                        templates=self.templates + self.build_date.isoformat() + site_url,
                                        old_pages=old.pages if old else {}, previous=previous, jobs=self.config.jobs,
                                        progress=_progress("pages written"))
        except BaseException:
            beside.cancel()
            raise
        Manifest(self.inputs, {key: shell.digest for key, shell in shells.items()}, pages,
                 {"home": self.home, "media": self.media}).save(self.manifest_path)
        # The page plan is the largest thing held, and no longer needed.
        self.plan = None
        gc.collect()
        self._finish(site_dir, counts, started, beside)

    def _start_beside_pages(self, site_dir: Path) -> Background:
        # One process, the two in turn: the page writers already use every core, and each
        # process more only adds memory (it copies what it touches of the shared heap).
        # Its files are of no use to a build that stops: an interrupted one stops it too.
        return Background(functools.partial(self._write_record_data, site_dir, jobs=1), name="pustaka-beside-pages",
                          stop_at_exit=True)

    def _write_record_data(self, site_dir: Path, jobs: int | None = None) -> dict[str, Any]:
        """The site files and the search data that the records alone make, in turn; return
        the search data's `RecordSearch`, and the seconds each part took."""
        with remembered_citations():  # both export every item's BibTeX and RIS
            clock = time.perf_counter()
            self._write_record_files(site_dir)
            metadata = time.perf_counter() - clock
            return {"metadata_seconds": metadata, "search": self._write_record_search(site_dir, jobs=jobs)}

    def _finish(self, site_dir: Path, counts: dict[str, int], started: float,
                beside: Background | None = None) -> None:
        stages = {"pages": time.perf_counter() - started}
        clock = time.perf_counter()
        if beside is None:
            done = self._write_record_data(site_dir)
            stages["metadata"], stages["search"] = done["metadata_seconds"], done["search"][1]
        else:
            # Metadata and search ran beside the pages: only the wait for them is a stage.
            done = beside.result()
            stages["metadata and search, after the pages"] = time.perf_counter() - clock
            log.debug("pustaka: beside the pages, metadata took %.1f s and search %.1f s",
                      done["metadata_seconds"], done["search"][1])
        search, clock = done["search"], time.perf_counter()
        # What lists the site's pages, known only now: the sitemap, the search's pages index.
        self._write_page_files(site_dir)
        self.stats["search"] = self._finish_search(site_dir, *search)
        stages["sitemap and search pages"], clock = time.perf_counter() - clock, time.perf_counter()
        self._copy_media(site_dir)
        stages["media copy"] = time.perf_counter() - clock
        self._records_saved()
        self.stats.update(counts, write_seconds=time.perf_counter() - started, stages=stages)
        log.info("pustaka: %(pages)d record pages (%(rendered)d rendered, %(reused)d unchanged)", counts)
        # Where a long build spends its time, for the librarian who wonders and for bench/.
        log.info("pustaka: seconds spent: %s", ", ".join(f"{name} {secs:.1f}" for name, secs in stages.items()))
        if self.serving:
            self._keep_for_next_rebuild(site_dir)

    def _keep_for_next_rebuild(self, site_dir: Path) -> None:
        """Hard-link the site just served beside it (MkDocs empties the site folder before
        each rebuild), for the next rebuild to carry its unchanged pages over."""
        snapshot = site_dir.parent / f".{site_dir.name}.pustaka-previous"
        fresh = snapshot.with_name(snapshot.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(site_dir, fresh, copy_function=link_or_copy)
        shutil.rmtree(snapshot, ignore_errors=True)
        fresh.rename(snapshot)
        self.serve_snapshot = snapshot

    def _write_record_files(self, site_dir: Path) -> None:
        """Feeds, calendars, open data, form definitions: what the records alone make."""
        def write() -> list[str]:
            made = write_record_files(self.collection, site_dir, self.site_info, today=self.today)
            forms = write_forms(site_dir, self.collection, site_url=self.site_info.site_url,
                                site_name=self.site_info.site_name, build_date=self.build_date,
                                timezone=self.config.timezone)
            choices = write_choices(site_dir, self.collection)
            return [*made, forms.relative_to(site_dir).as_posix(), choices.relative_to(site_dir).as_posix()]

        self._carry_over_or_write("site-files", repr((self.inputs, self.site_info)), site_dir, write)

    def _write_page_files(self, site_dir: Path) -> None:
        """The sitemap and robots.txt: what lists the site's pages."""
        docs = [f.url for f in self.files.documentation_pages()] if hasattr(self, "files") else []
        self._carry_over_or_write(
            "page-files", repr((self.inputs, docs, self.site_info)), site_dir,
            lambda: write_page_files(site_dir, self.site_info, page_urls=sorted(self.page_urls) + docs))

    def _carry_over_or_write(self, name: str, key: str, site_dir: Path, write: Callable[[], list[str]]) -> None:
        """Carry the files ``write`` made last time over from the previous site when ``key``
        (what they are made from) is the same, else call it; it returns the files it wrote."""
        key = _hash(key)
        state = self.cache_dir / f"{name}-{_hash(str(self.final_site or site_dir))}.json"
        previous = self._previous()
        try:
            last = json.loads(state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = {}
        if previous and last.get("key") == key and not link_all(last["files"], previous, site_dir):
            return
        made = write()
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps({"key": key, "files": made}), encoding="utf-8")

    def _hand_written_pages(self) -> list[dict[str, str]]:
        return [{"url": f.url, "title": _heading(f.page.content) or f.page.title or "", "body": f.page.content or "",
                 "lang": _lang_of(f.url)}
                for f in (self.files.documentation_pages() if hasattr(self, "files") else []) if f.page is not None]

    def _write_record_search(self, site_dir: Path, jobs: int | None = None) -> tuple[RecordSearch, float]:
        """Write the search data made from the records; return it and the seconds it took."""
        started = time.perf_counter()
        records = build_record_search(site_dir, self.collection, media_files=self.media_manifest.files,
                                      jobs=jobs or self.config.jobs, cache_dir=self.cache_dir,
                                      site_url=self.site_info.site_url)
        numbers = {item_id: number for number, item_id in enumerate(self.collection.items)}  # the records' refs
        write_fulltext_cached(site_dir, self.fulltext, numbers, self.cache_dir)
        return records, time.perf_counter() - started

    def _finish_search(self, site_dir: Path, records: RecordSearch, seconds: float) -> dict[str, Any]:
        """Write the search's pages index and meta.js; return the figures of the search data."""
        started = time.perf_counter()
        sizes = finish_site_search(site_dir, records, self.collection, hand_written=self._hand_written_pages(),
                                   cache_dir=self.cache_dir)
        return {"files": len(sizes), "bytes": sum(sizes.values()), "seconds": seconds + time.perf_counter() - started}

    def _shell(self, key: ShellKey, config: MkDocsConfig) -> Shell:
        lang, depth, section = key
        # Not the top folder's index.md: that page is the home page, whose <title> mkdocs-material
        # gives as the site's name alone, and which the navigation marks as the current page.
        src = "/".join(["s"] * depth) + "/index.md" if depth else "s.md"
        file = File.generated(config, src, content="")
        page = Page(shell_token("TITLE"), file, config)
        page.content = shell_token("BODY")
        page.meta = {"description": shell_token("DESC"), "hide": ["toc"]}
        page.canonical_url = None
        context = get_context(self.nav, self.files, config, page)
        context["pustaka"] = self.chrome("", lang, section)
        context["pustaka"]["alternate"]["url"] = shell_token("ALT")
        context["pustaka_shell"] = True
        theme_language = config.theme["language"]
        config.theme["language"] = lang
        try:
            html = self.env.get_template("pustaka/shell.html").render(context)
        finally:
            config.theme["language"] = theme_language
        return Shell.parse(html)

    def _copy_media(self, site_dir: Path) -> None:
        # Derivatives are hard-linked from the media cache, on the unchanged-site path too.
        self.stats["media"] = {"processed": self.media_manifest.processed, "cached": self.media_manifest.cached,
                               "failed": len(self.media_manifest.errors),
                               "derivatives": place(self.media_manifest, self.cache_dir, site_dir)}
        for relative in sorted(self.media):
            source = self.collection_dir / relative
            target = site_dir / MEDIA_FOLDER / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _lang_of(url: str) -> str:
    for lang in LANGUAGES[1:]:
        if url.startswith(f"{lang}/"):
            return lang
    return LANGUAGES[0]


def _section_of(url: str) -> str:
    path = url.split("/", 1)[1] if _lang_of(url) != LANGUAGES[0] else url
    return "home" if path == "index.html" else "pages"


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>|¶")


def _heading(html: str | None) -> str:
    """A hand-written page's own heading: a search result shows "Tentang perpustakaan",
    not the short menu title "Tentang"."""
    match = _H1.search(html or "")
    return unescape(_TAG.sub("", match.group(1))).strip() if match else ""


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _progress(what: str):
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if total >= 2000 and (now - last[0] > 2 or done == total):
            last[0] = now
            log.info("pustaka: %d/%d %s", done, total, what)

    return report
