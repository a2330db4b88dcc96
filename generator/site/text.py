"""Turning record text into safe HTML, and record values into URL slugs.

Record text is Markdown written by librarians or imported from other systems; it may
hold ``<script>`` as text about web security, or a hostile link. Raw HTML is escaped
before Markdown sees it, links keep only safe schemes, and images from other hosts are
dropped (pages must not reach the network).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    href = (child.get("href") or "").strip()
                    scheme = href.split("/")[0].lower()
                    if ":" in scheme and not href.lower().startswith(_SAFE_SCHEMES):
                        del child.attrib["href"]
                    elif href.lower().startswith(("http:", "https:")):
                        child.set("rel", "noopener")
                elif child.tag == "img":
                    # An image in a description would load from another host: show its text instead.
                    replacement = etree.Element("span")
                    replacement.text = child.get("alt") or child.get("src") or ""
                    replacement.tail = child.tail
                    parent[list(parent).index(child)] = replacement


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_SafeLinks(md), "pustaka-safe-links", 0)
        # Raw HTML is escaped up front, so the HTML block and inline processors have nothing to keep.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_md: markdown.Markdown | None = None


def markdown_html(text: str | None, *, shift_headings: int = 1) -> str:
    """Markdown → HTML with every raw tag shown as text. Headings start at h(1+shift)."""
    if not text:
        return ""
    return _convert(text, shift_headings)


# Text that Markdown would only cut into paragraphs: no character that starts any Markdown
# (or HTML, or an entity), every line starting with a letter, nothing indented, no line
# breaks made with trailing spaces. Most descriptions are such prose, and need no parser.
_PLAIN_CHARS = re.compile(r"[^\\`*_\[\]<>&#|~=+{}$^\t\r]*")
_PLAIN_LINE = re.compile(r"[^\W\d_][^\n]*(?<! )")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of plain prose, or None when ``text`` is not plain prose."""
    if not _PLAIN_CHARS.fullmatch(text):
        return None
    paragraphs, lines = [], []
    for line in text.strip("\n").split("\n"):
        if not line:
            if lines:
                paragraphs.append(lines)
                lines = []
        elif _PLAIN_LINE.fullmatch(line):
            lines.append(line)
        else:
            return None
    if lines:
        paragraphs.append(lines)
    return "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs)


# Both language versions of a page hold the same description, and are rendered one
# after the other, so a short memory halves the Markdown work.
@functools.lru_cache(maxsize=64)
def _convert(text: str, shift_headings: int) -> str:
    fast = _plain_paragraphs(text)
    return fast if fast is not None else _convert_with_markdown(text, shift_headings)


def _convert_with_markdown(text: str, shift_headings: int) -> str:
    global _md
    if _md is None:
        _md = markdown.Markdown(extensions=["sane_lists", _SafeExtension()], output_format="html")
    _md.reset()
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    html = _md.convert(escaped)
    if shift_headings:
        html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift_headings)}>", html)
    return html


def plain(text: str | None, limit: int = 200) -> str:
    """A one-line plain-text summary of Markdown text, for meta descriptions and lists."""
    if not text:
        return ""
    flat = _flat(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# A record's text is summarised at several lengths (list entry, meta description, Dublin
# Core, JSON-LD), in the plan, on its pages in both languages and in the open data: the
# flattening is done once per text. Sized for every description of a large collection
# (processes forked after the plan find them made); bounded, as `pustaka serve` rebuilds.
@functools.lru_cache(maxsize=16384)
def _flat(text: str) -> str:
    flat = re.sub(r"[#*_`>\[\]]+", "", text)
    flat = re.sub(r"\(https?://[^)]*\)", "", flat)
    return " ".join(flat.split())


def slugify(value: str) -> str:
    """``Sejarah Lokal: Minahasa`` → ``sejarah-lokal-minahasa`` (ASCII, for file names)."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "x"
