"""Pustaka: a static-site digital library generator for Indonesian libraries.

The core (records, page data, search index, media, endpoint) lives in plain modules
that know nothing of MkDocs; `generator.plugin` is the only bridge to it.
"""

__version__ = "0.1.0"
