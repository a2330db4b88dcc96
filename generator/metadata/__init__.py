"""Metadata for aggregators and reference managers, knowing nothing of MkDocs.

- `tags`: Highwire ``citation_*``, Dublin Core, Open Graph/Twitter and schema.org
  JSON-LD for the ``<head>`` of record pages;
- `citations`: CSL-JSON (formatted in the browser by citeproc-js), BibTeX and RIS;
- `feeds`: Atom and RSS of new acquisitions and of events; `calendar`: iCalendar;
- `sitemap`, `robots`, `oai_static` (OAI-PMH Static Repository), `opendata` (JSON, CSV).

`write_record_files` writes the site-wide files made from the records alone (while the
pages are being written); `write_page_files` those that list the site's pages.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..records.collection import Collection
from .calendar import write_calendars
from .feeds import write_feeds
from .opendata import opendata_files, write_opendata
from .robots import write_robots
from .sitemap import write_sitemap

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteInfo:
    site_url: str  # "" when the site has none: then no sitemap or static repository
    site_name: str
    timezone: str = "Asia/Jakarta"
    admin_email: str | None = None
    oai_gateway: str | None = None


def write_record_files(collection: Collection, site_dir: Path, info: SiteInfo, *, today: dt.date,
                       now: dt.datetime | None = None) -> list[str]:
    """Feeds, calendars, open data and the OAI static repository: what the records alone
    make. Return the files written, relative to ``site_dir``."""
    from .oai_static import write_static_repository  # lxml: loaded when the files are made, not to carry them over

    now = now or dt.datetime.now(dt.timezone.utc)
    site_url = info.site_url.rstrip("/")
    made = write_feeds(collection, site_dir, site_url=site_url, site_name=info.site_name, timezone=info.timezone,
                       now=now)
    made += write_calendars(collection, site_dir, site_url=site_url, site_name=info.site_name,
                            timezone=info.timezone, stamp=now)
    catalogue = write_opendata(collection, site_dir, site_url=site_url, site_name=info.site_name,
                               admin_email=info.admin_email, today=today, now=now)
    made += opendata_files(collection)
    static = write_static_repository(catalogue, site_dir, site_url=site_url, gateway=info.oai_gateway)
    if static:
        made.append(static)
    else:
        log.info("pustaka: no OAI-PMH static repository (it needs site_url, an e-mail and at most 5,000 items)")
    return made


def write_page_files(site_dir: Path, info: SiteInfo, *, page_urls: Iterable[str]) -> list[str]:
    """The sitemap (with ``site_url``) and robots.txt. Return the files written."""
    site_url = info.site_url.rstrip("/")
    made = write_sitemap(list(page_urls), site_dir, site_url=site_url) if site_url else []
    made.append(write_robots(site_dir, site_url=site_url))
    if site_url:
        made.append("sitemap.xml.gz")
    return made
