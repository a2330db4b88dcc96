"""Reading one YAML record while remembering where every value stands in the file.

PyYAML's composer gives nodes with marks; we build plain Python values from them and
keep a map from each value's path (``("copies", 0, "branch")``) to its line and column,
so that a validation message can point at the exact spot a librarian must fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C composer is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from ..exceptions import Problem

Key = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed record file: its data and where each value came from."""

    path: Path
    display: str  # the path as shown to the librarian (relative to the project)
    data: Any
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: Key) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``key``, or of its nearest parent."""
        while key not in self.positions and key:
            key = key[:-1]
        return self.positions.get(key, (1, 1))

    def key_position(self, key: Key) -> tuple[int, int]:
        """Where the *name* of a mapping key stands (for unknown-field messages)."""
        return self.positions.get(("#key",) + key, self.where(key))

    def problem(self, key: Key, message: str) -> Problem:
        line, column = self.where(key)
        return Problem(self.display, line, column, dotted(key), message)


def dotted(key: Key) -> str:
    """``("copies", 0, "branch")`` → ``copies[0].branch``."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    return _constructor.construct_object(node, deep=True)


def _build(node: yaml.Node, key: Key, positions: dict[Key, tuple[int, int]]) -> Any:
    positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if isinstance(name, (dt.date, int, float, bool)) or name is None:
                name = str(name) if name is not None else ""
            child = key + (name,)
            positions[("#key",) + child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if name in out:
                positions[("#dup",) + child] = positions[("#key",) + child]
            out[name] = _build(value_node, child, positions)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, key + (index,), positions) for index, item in enumerate(node.value)]
    return _scalar(node)


#: Bounds of one record. A record has tens of values, a big one a few thousand; YAML aliases
#: repeat what they point at, so a few hundred bytes can stand for billions of values, and
#: every reader of the record (validation, pages, search) would walk them all.
MAX_VALUES = 100_000
MAX_DEPTH = 40


class Oversized(Exception):
    """A record beyond `MAX_VALUES` or `MAX_DEPTH`, or one whose aliases refer to themselves."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1
        super().__init__(message)


def check_bounds(root: yaml.Node) -> None:
    """Raise `Oversized` when ``root``, with every alias expanded, holds more than
    `MAX_VALUES` values or nests deeper than `MAX_DEPTH`, or when an alias contains itself.

    An alias is the very node its anchor names, so sizes are computed once per node and
    summed: the work is proportional to the file, not to what it expands to."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_path: set[int] = set()
    # Iterative post-order walk: a deep document must not exhaust Python's stack.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            children = _children(node)
            size = 1 + sum(sizes[id(child)] for child in children)
            depth = 1 + max((depths[id(child)] for child in children), default=0)
            if size > MAX_VALUES:
                raise Oversized(node, f"the record holds more than {MAX_VALUES:,} values once its YAML aliases "
                                      "(*name) are expanded; a record needs far fewer: write the values out")
            if depth > MAX_DEPTH:
                raise Oversized(node, f"values are nested more than {MAX_DEPTH} levels deep")
            sizes[key], depths[key] = size, depth
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise Oversized(node, "a YAML alias (*name) refers to the value that contains it")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Unusual(Exception):
    """The quick reading met something only the careful one reports well."""


class _QuickLoader(_Loader):  # type: ignore[misc,valid-type]
    """Builds the same values as `_build` with PyYAML's own constructor, recording no positions.

    Anything `_build` would treat specially (a repeated key, a key that is not a plain
    scalar, a merge key) makes it give up, and the record is read the careful way."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Unusual
            name = self.construct_object(key_node, deep=True)
            if isinstance(name, (dt.date, int, float, bool)) or name is None:
                name = str(name) if name is not None else ""
            if name in out:
                raise _Unusual
            out[name] = self.construct_object(value_node, deep=True)
        return out


def load_quick(text: str, path: Path, display: str) -> Source | None:
    """``text`` parsed without recording positions (twice as fast), or None when it
    is not plainly readable: then `load_source` reads it again, to place each problem.
    A record read this way has no positions; `positions_of` finds them when needed."""
    loader = _QuickLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            data = None
        else:
            check_bounds(node)
            data = loader.construct_document(node)
    except (yaml.YAMLError, _Unusual, Oversized, RecursionError):
        return None
    finally:
        loader.dispose()
    return Source(path=path, display=display, data=data, positions={})


def positions_of(path: Path, display: str) -> dict[Key, tuple[int, int]]:
    """Where each value of a record file stands (reads the file again)."""
    try:
        return load_source(path, display).positions
    except (OSError, SourceError):
        return {}


class SourceError(Exception):
    """A file that is not readable YAML; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def load_source(path: Path, display: str, text: str | None = None) -> Source:
    """Parse ``path`` (or its ``text``, already read); raise `SourceError` with a located
    message when it is not YAML."""
    if text is None:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(encoding_problem(raw, display, exc)) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character pasted from a PDF or a spreadsheet):
        # placed by its offset in the text, and named by the field it stands in.
        line, column = _line_column(text, exc.position)
        where = field_at(text.replace(chr(exc.character), " ") if isinstance(exc.character, int) else text,
                         line, column, display)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise SourceError(Problem(display, line, column, where, f"{code} is a control character, which a record "
                                  "cannot hold; delete it or retype the text")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        raise SourceError(Problem(display, line, column, "", f"YAML syntax: {reason}")) from None
    except yaml.YAMLError as exc:
        raise SourceError(Problem(display, 1, 1, "", f"YAML syntax: {exc}")) from None
    if node is not None:
        try:
            check_bounds(node)
        except Oversized as exc:
            raise SourceError(Problem(display, exc.line, exc.column, "", str(exc))) from None
    positions: dict[Key, tuple[int, int]] = {}
    try:
        data = _build(node, (), positions) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(Problem(display, line, column, "", f"YAML value: {exc.problem}")) from None
    return Source(path=path, display=display, data=data, positions=positions)


def encoding_problem(raw: bytes, display: str, exc: UnicodeDecodeError) -> Problem:
    """The problem with a file that is not UTF-8: saved as UTF-16 by a Windows editor, or
    holding bytes of another encoding (a paste from a Latin-1 file), placed at the first bad
    byte and named by the field it stands in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 10:
        return Problem(display, 1, 1, "", "the file is saved as UTF-16; save it again as UTF-8 "
                                          "(in Notepad: Save as, Encoding: UTF-8)")
    before = raw[:exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    field = field_at(raw.decode("utf-8", "replace"), line, column, display)
    return Problem(display, line, column, field, f"byte 0x{raw[exc.start]:02X} is not UTF-8 text; save the "
                                                 "file as UTF-8 and retype the character here")


def field_at(text: str, line: int, column: int, display: str) -> str:
    """The dotted name of the value that stands at ``line``:``column`` of ``text`` (the
    value that starts last before that spot), or "" when the text cannot be read."""
    try:
        positions = load_source(Path(display), display, text).positions
    except SourceError:
        return ""
    placed = [(at, len(key), key) for key, at in positions.items()
              if at <= (line, column) and not (key and isinstance(key[0], str) and key[0].startswith("#"))]
    return dotted(max(placed, key=lambda entry: entry[:2])[2]) if placed else ""


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
