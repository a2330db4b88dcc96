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
        data = loader.get_single_data()
    except (yaml.YAMLError, _Unusual, RecursionError):
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
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(Problem(display, 1, 1, "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        raise SourceError(Problem(display, line, column, "", f"YAML syntax: {reason}")) from None
    except yaml.YAMLError as exc:
        raise SourceError(Problem(display, 1, 1, "", f"YAML syntax: {exc}")) from None
    positions: dict[Key, tuple[int, int]] = {}
    try:
        data = _build(node, (), positions) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(Problem(display, line, column, "", f"YAML value: {exc.problem}")) from None
    return Source(path=path, display=display, data=data, positions=positions)
