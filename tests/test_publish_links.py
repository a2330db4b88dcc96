"""No broken internal link when the site is published under a sub-path (GitHub Pages).

The sample library is built with ``--site-url https://org.github.io/library/``, served
under ``/library/`` on 127.0.0.1 the way Pages serves it, and crawled by the real
LinkChecker from the home page, the English home page and the 404 page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .pages_support import check_links, serve_like_pages


def _report(broken: list) -> str:
    return f"{len(broken)} broken internal link(s):\n" + "\n".join(f"- {b}" for b in broken[:60])


def test_the_whole_site_under_a_sub_path_has_no_broken_link(built_pages_site: Path) -> None:
    pages = sum(1 for _ in built_pages_site.rglob("*.html"))
    with serve_like_pages(built_pages_site) as base:
        broken, checked = check_links([base, base + "en/index.html", base + "404.html"], inside=base)
    assert not broken, _report(broken)
    # Every page is reached (plus assets, feeds, data files): the crawl really covered the site.
    assert checked >= pages, f"only {checked} URLs checked for {pages} pages"


def test_the_check_finds_a_deleted_page(built_pages_site: Path, tmp_path: Path) -> None:
    # The negative control: the same checker on a copy without the "Tentang" page, which every
    # page's navigation links to, must report it.
    copy = tmp_path / "site"
    shutil.copytree(built_pages_site, copy)
    (copy / "tentang.html").unlink()
    with serve_like_pages(copy) as base:
        broken, _ = check_links([base + "bantuan.html"], inside=base, recursion=1)
    assert any(b.url == base + "tentang.html" and "404" in b.result for b in broken), _report(broken)
