"""Shared fixtures: the built sample library, a real HTTP server, and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests/vendor/axe-core/axe.min.js"
# Flags for a root user in a sandbox with no network: see the machine notes in the README.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file", "data", "blob", "about", "chrome-error")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(scope="session")
def built_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library, built once per test session with the real command."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_pages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library built for GitHub Pages under a sub-path, as the Pages workflow builds it."""
    out = tmp_path_factory.mktemp("pages") / "site"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--strict", "--site-dir", str(out),
                             "--site-url", "https://org.github.io/library/"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that moves on closes connections mid-response; that is not a test failure."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _PrefixHandler(_QuietHandler):
    """Serves the folder under a sub-path, as GitHub Pages does (``/library/``)."""

    prefix = "/"

    def send_head(self):
        path = urlsplit(self.path).path
        if path != self.prefix.rstrip("/") and not path.startswith(self.prefix):
            self.send_error(404, "Outside the served sub-path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path == self.prefix.rstrip("/"):
            # "/library" is the folder itself: the stdlib answers 301 to "/library/", as Pages does
            return super().translate_path("/")
        return super().translate_path("/" + path[len(self.prefix):])


@pytest.fixture
def http_server() -> Iterator[Callable[..., str]]:
    """``http_server(folder, prefix="/")`` serves a folder on 127.0.0.1 and returns its base URL."""
    servers: list[QuietServer] = []

    def start(folder: Path, prefix: str = "/") -> str:
        handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})
        server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def watch_requests(context) -> list[str]:
    """Records the URL of every request made by any page (or worker) of a browser context."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return urls


def foreign_requests(urls: list[str]) -> list[str]:
    """The URLs that left the machine: anything but file:, data:, blob: and loopback."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS:
            continue
        out.append(url)
    return out


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the page asked for anything beyond this machine."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    requested = watch_requests(context)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.pustaka_requests = requested  # type: ignore[attr-defined]
    tab.pustaka_errors = errors  # type: ignore[attr-defined]
    yield tab
    context.close()
    leaked = foreign_requests(requested)
    assert not leaked, f"the page reached the network: {leaked}"
    assert not errors, f"JavaScript errors on the page: {errors}"


def axe_violations(tab) -> list[dict]:
    """Runs the real axe-core on the page for WCAG 2.0/2.1 A and AA rules."""
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))}));
    }""")


def assert_no_axe_violations(tab) -> None:
    violations = axe_violations(tab)
    if violations:
        lines = [f"{tab.url}: {len(violations)} accessibility violation(s)"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {n['target']}: {n['html']}" for n in v["nodes"])
        pytest.fail("\n".join(lines))


@pytest.fixture
def copy_of(tmp_path: Path) -> Callable[[Path], Path]:
    """A private copy of a built site, for tests that change or break it."""

    def make(site: Path) -> Path:
        target = tmp_path / "copy"
        shutil.copytree(site, target)
        return target

    return make
