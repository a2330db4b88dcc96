"""``sitemap.xml``: every page, as absolute URLs, through a sitemap index.

The sitemaps protocol allows 50,000 URLs (and 50 MB) per file, so the pages are listed in
``sitemap-1.xml``, ``sitemap-2.xml``… and ``sitemap.xml`` is always the small index of
those. That also keeps pages light: mkdocs-material's script fetches ``sitemap.xml`` on
every page load, and at 10,000 records a full URL list would weigh megabytes.
"""

from __future__ import annotations

import gzip
from html import escape  # & < > as XML text needs (xml.sax.saxutils would load urllib: ~8 ms)
from pathlib import Path

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000


def _urlset(urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    lines += [f"  <url><loc>{escape(url, quote=False)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _index(urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    lines += [f"  <sitemap><loc>{escape(url, quote=False)}</loc></sitemap>" for url in urls]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def write_sitemap(page_urls: list[str], site_dir: Path, *, site_url: str, max_urls: int = MAX_URLS) -> list[str]:
    """Write the sitemap(s) for ``page_urls`` (relative to the site root); return the files written."""
    assert site_url, "a sitemap needs absolute URLs: set site_url"
    base = site_url.rstrip("/") + "/"
    urls = [base + (url if url != "index.html" else "") for url in sorted(set(page_urls), key=_order)]
    for old in site_dir.glob("sitemap-*.xml"):
        old.unlink()
    made = []
    for number, start in enumerate(range(0, max(len(urls), 1), max_urls), start=1):
        name = f"sitemap-{number}.xml"
        (site_dir / name).write_text(_urlset(urls[start:start + max_urls]), encoding="utf-8")
        made.append(name)
    text = _index([base + name for name in made])
    made.insert(0, "sitemap.xml")
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    # MkDocs writes a gzipped copy of its own sitemap; keep it the same as ours.
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))
    return made


def _order(url: str) -> tuple[int, str]:
    return (url.count("/"), url)
