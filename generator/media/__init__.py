"""Digitized media: image derivatives, IIIF tiles, PDF covers and page images.

Plain modules that know nothing of MkDocs. `process.process_media` takes the media
files a collection points at and returns a `MediaManifest` saying, for each file, which
derivatives it has; the outputs live in a content-addressed cache and are linked into
the site by `process.place`.
"""

from .errors import MediaError, MediaFailed
from .process import MediaManifest, MediaSettings, place, process_media

__all__ = ["MediaError", "MediaFailed", "MediaManifest", "MediaSettings", "place", "process_media"]
