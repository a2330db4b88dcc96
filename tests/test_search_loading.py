"""What the search page fetches: only what a query needs, nothing ahead (Chromium, file://).

The page loads its data as <script> files (assets/pustaka/search/data/*.js). An init script
records, in order, every data script the page adds and the moment the first result appears,
so the tests read what was fetched before the first results without timing anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SEARCH = "katalog/cari.html"

RECORD = r"""
window.__loads = [];
new MutationObserver(records => {
  for (const r of records) for (const node of r.addedNodes) {
    if (node.tagName === 'SCRIPT' && /\/search\/data\//.test(node.src || '')) {
      const results = document.querySelectorAll('#pustaka-search [data-record-id]').length;
      window.__loads.push({name: node.src.replace(/^.*\/data\//, '').replace(/\.js$/, ''), results: results});
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


def _open(page, url: str) -> None:
    page.add_init_script(RECORD)
    page.goto(url)


def _loaded(page, before_results: bool = False) -> set[str]:
    loads = page.evaluate("window.__loads")
    return {entry["name"] for entry in loads if not before_results or entry["results"] == 0}


def _settle(page) -> None:
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)


def test_a_query_in_the_url_loads_only_its_first_stage_shards(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=havelaar")
    page.wait_for_selector("#pustaka-search [data-record-id]", timeout=15000)
    first = _loaded(page, before_results=True)
    # the shard of the word's first letter in each language, the page list, the records shown
    assert {name for name in first if name.startswith("core-")} <= {"core-id-h", "core-en-h"}
    assert "core-id-h" in first
    assert not {name for name in first if name.startswith(("full-", "cite-"))}
    assert "facets" not in first
    _settle(page)
    later = _loaded(page)
    # the second pass adds the descriptions of the same letter and the facet counts, no other shard
    assert {name for name in later if name.startswith(("core-", "full-"))} <= {
        "core-id-h", "core-en-h", "full-id-h", "full-en-h"}


def test_the_empty_search_page_fetches_no_index_while_it_waits(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / SEARCH).as_uri())
    page.wait_for_selector("#pustaka-search [data-record-id]", timeout=15000)
    _settle(page)  # the whole catalogue's facet counts, once nobody typed for a moment
    page.wait_for_timeout(1500)  # a prefetch would have started by now
    loaded = _loaded(page)
    assert not {name for name in loaded if name.startswith(("core-", "full-", "cite-"))}
    assert loaded <= {"meta", "facets"} | {f"docs-{n}" for n in range(10)}
    assert page.locator(".pustaka-facet").count() > 0  # the facets are still there to browse by


def test_a_query_typed_after_the_page_loaded_loads_only_its_words(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / SEARCH).as_uri())
    _settle(page)
    before = _loaded(page)
    page.type("#pustaka-search-q", "multatuli", delay=30)
    page.wait_for_function(
        "document.querySelector('#pustaka-search [data-record-id]')?.getAttribute('data-record-id') === 'max-havelaar'")
    _settle(page)
    added = _loaded(page) - before
    assert {name for name in added if name.startswith(("core-", "full-"))} <= {
        "core-id-m", "core-en-m", "full-id-m", "full-en-m"}
    assert "core-id-m" in added
