"""Is a built site fit to be opened from `file://`? Scans every HTML and CSS file for
anything that would load from the network or would not open from a folder.

A page may *link* to the web (a DOI, the library's online site) and a form may *post*
to the endpoint when the device is online; what it must not do is *load* a script,
style, font, image or frame from a host, nor link to a folder or a root-relative path,
which a browser on a USB stick shows as a file listing or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs whose URL the browser fetches by itself when the page opens or plays.
LOADING = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("iframe", "src"),
    ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"), ("use", "href"),
}
# <link rel=...> kinds that load something (a canonical or alternate link does not).
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
LOCAL_SCHEMES = ("data", "blob", "about", "javascript", "mailto", "tel")


@dataclass
class OfflineReport:
    """What a scan found: problems that stop a USB export, and where forms post."""

    problems: list[str] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    pages: int = 0


def _remote(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return bool(scheme) and scheme not in LOCAL_SCHEMES and scheme != "file"


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[int, str, str]] = []   # (line, what, url)
        self.links: list[tuple[int, str]] = []        # (line, href) of <a>
        self.endpoints: set[str] = set()
        self.styles: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in LOADING or (tag == "link" and name == "href"
                                          and LOADING_RELS & set(values.get("rel", "").lower().split())):
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.loads.extend((line, f"<{tag} {name}>", url) for url in urls if url)
            elif name == "style":
                self.styles.append((line, value))
        if tag == "a" and "href" in values:
            self.links.append((line, values["href"]))
        if tag == "form" and values.get("data-endpoint"):
            self.endpoints.add(values["data-endpoint"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append((self.getpos()[0], data))


def _css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


def _link_problem(site: Path, page: Path, href: str) -> str | None:
    """Why a relative link would not open from a folder, or None when it does."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("#") or not (parts.path or parts.netloc):
        return None
    if href.startswith("//"):
        return None  # a link to another host: navigation, not loading
    if parts.path.startswith("/"):
        return f"root-relative link {href!r} does not work from file://"
    target = (page.parent / unquote(parts.path))
    if parts.path.endswith("/") or target.is_dir():
        return f"link {href!r} ends in a folder; from file:// it opens a file listing, not a page"
    if not target.is_file():
        return f"link {href!r} leads to no file in the site"
    return None


def scan_site(site: Path) -> OfflineReport:
    """Every reason the site in ``site`` would not work from a USB stick, as `path:line: message`."""
    report = OfflineReport()
    site = site.resolve()
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css"):
            continue
        rel = PurePosixPath(path.relative_to(site).as_posix())
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            report.problems.extend(f"{rel}: CSS loads {url} from the network" for url in _css_urls(text) if _remote(url))
            continue
        report.pages += 1
        scanner = _PageScanner()
        scanner.feed(text)
        scanner.close()
        report.endpoints |= scanner.endpoints
        for line, what, url in scanner.loads:
            if _remote(url):
                report.problems.append(f"{rel}:{line}: {what} loads {url} from the network")
            elif url.startswith("/"):
                report.problems.append(f"{rel}:{line}: {what} loads the root-relative {url}, "
                                       "which does not work from file://")
        for line, style in scanner.styles:
            report.problems.extend(f"{rel}:{line}: a style loads {url} from the network"
                                   for url in _css_urls(style) if _remote(url))
        for line, href in scanner.links:
            problem = _link_problem(site, path, href)
            if problem:
                report.problems.append(f"{rel}:{line}: {problem}")
    return report


ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def relativize_root_page(page: Path) -> bool:
    """Make a page at the site's root use relative URLs. MkDocs writes 404.html with
    root-relative URLs (``/assets/…``) because a web server shows it at any depth; on a
    USB stick it only opens from the root, where the relative form is right.
    Returns whether the page changed."""
    text = page.read_text(encoding="utf-8")
    # The site may live under a sub-path (site_url https://x.github.io/library/): strip it too.
    prefix = re.search(r'\s(?:href|src)="(/(?!/)[^"]*?)assets/', text)
    if prefix and prefix.group(1) != "/":
        text = text.replace(f'="{prefix.group(1)}', '="/')
    new = ROOT_RELATIVE.sub(r"\1", text)
    if new == text:
        return False
    page.write_text(new, encoding="utf-8")
    return True
