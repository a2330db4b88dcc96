"""``robots.txt``: every page may be crawled; the sitemap is named by its absolute URL.

Crawlers read ``robots.txt`` only at the root of a host, so on a GitHub Pages project
site (``https://org.github.io/library/``) the file is not consulted; it still does its
job when the same build is served from the root of a library's own domain, and the
sitemap stays discoverable through the ``Sitemap:`` line wherever it is read.
"""

from __future__ import annotations

from pathlib import Path


def robots_txt(site_url: str) -> str:
    """The text of robots.txt; the Sitemap line only when ``site_url`` is known (it must be absolute)."""
    lines = ["# Written by Pustaka: the whole library may be read and indexed.", "User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def write_robots(site_dir: Path, *, site_url: str) -> str:
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
    return "robots.txt"
