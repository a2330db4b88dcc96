"""Full-text search of digitized items: the text of PDFs, scans (OCR), captions and
transcripts, extracted at build time (cached) and written as a sharded index."""

from .collect import FullText, extract_fulltext
from .index import FOLDER, write_fulltext, write_fulltext_cached

__all__ = ["FOLDER", "FullText", "extract_fulltext", "write_fulltext", "write_fulltext_cached"]
