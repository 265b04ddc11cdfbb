"""Strict YAML reading that keeps the position of every value.

The reader builds plain Python data straight from PyYAML's event stream (libyaml's C parser when
present, the pure-Python one otherwise) instead of PyYAML's constructors, so that:

* every scalar stays a string: ``NO``, ``on``, ``1:20``, ``0777``, ``1e3`` and ``2009-10-03`` are
  read as written, and the models decide what a field means; only a plain ``null``, ``~`` or
  nothing at all reads as ``None``;
* anchors, aliases and explicit tags are refused at the first event, so an alias bomb never
  expands and no tag can build a Python object;
* duplicate keys, non-string keys and nesting deeper than :data:`MAX_DEPTH` are refused;
* files over :data:`MAX_BYTES`, bytes that are not UTF-8, and NUL characters are refused before
  parsing;
* every mapping value and sequence item has its line and column, for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from .errors import Problem

MAX_BYTES = 8 * 1024 * 1024
"""The largest data file read, in bytes (the bundled files are a few kilobytes each)."""

MAX_DEPTH = 16
"""The deepest nesting of mappings and sequences a data file may use (the models need 6)."""

Path_ = tuple[Union[str, int], ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_Loader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """One YAML file read: its data and the position of each value by its path."""

    file: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, path: Path_) -> Mark:
        """The position of ``path``, or of its nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return Mark(1, 1)


class ReadError(Exception):
    """Raised inside the reader; carries the problem for the caller to collect."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_file(path: Path, shown_as: str | None = None) -> Document:
    """Read one data file; raise :class:`ReadError` on the first problem."""
    name = shown_as or str(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _error(name, None, "too-large", f"the file has {size} bytes; the limit is {MAX_BYTES}")
    return read_text(decode(path.read_bytes(), name), name)


def decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _error(name, Mark(line, 1), "not-utf8", f"byte {exc.start} is not UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        raise _error(name, _offset_mark(text, nul), "nul-character", "the file holds a NUL character")
    return text.removeprefix("\ufeff")


def read_text(text: str, name: str = "<string>", loader: Any = None) -> Document:
    """Read YAML text that is already decoded."""
    document = Document(name, None)
    builder = _Builder(document)
    try:
        for event in yaml.parse(text, Loader=loader or _Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        if "nesting depth" in problem and loader is None:
            # libyaml scans ahead and stops at its own limit (1,000 levels) before the builder sees
            # level 17; the pure-Python parser streams, so it finds the place our rule names.
            return read_text(text, name, yaml.SafeLoader)
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        raise _error(name, where, "yaml-syntax", problem) from None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        raise _error(name, None, "yaml-syntax", f"{type(exc).__name__}: {exc}") from None
    return document


class _Builder:
    """Turns parser events into dicts, lists and strings, checking each rule on the way."""

    def __init__(self, document: Document):
        self.document = document
        self.stack: list[tuple[Any, Path_, list[Any]]] = []  # container, its path, pending key

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return
        if isinstance(event, yaml.DocumentStartEvent):
            if self.document.data is not None:
                self._fail(event, "yaml-multiple-documents", "a data file holds one YAML document")
            return
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, "yaml-alias", "aliases (*name) are not allowed; write the value out")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self._close()
            return
        self._check_node(event)
        if isinstance(event, yaml.ScalarEvent):
            self._place(event, _scalar(event))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._open(event)

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._fail(event, "yaml-anchor", f"anchors (&{event.anchor}) are not allowed")
        implicit = event.implicit if isinstance(event, yaml.ScalarEvent) else (event.implicit,)
        if event.tag is not None and not any(implicit):
            self._fail(event, "yaml-tag", f"tags ({event.tag}) are not allowed")

    def _open(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, "too-deep", f"data files nest at most {MAX_DEPTH} levels")
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        path = self._place(event, container)
        self.stack.append((container, path, []))

    def _close(self) -> None:
        container, path, pending = self.stack.pop()
        if not self.stack:
            self.document.data = container

    def _place(self, event: Any, value: Any) -> Path_:
        """Put a value into the open container; return the value's path."""
        mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            if not isinstance(value, (dict, list)):
                self.document.data = value
            self.document.marks[()] = mark
            return ()
        container, path, pending = self.stack[-1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
        elif not pending:
            self._check_key(event, value, container)
            pending.append(value)
            return path
        else:
            key = pending.pop()
            child = (*path, key)
            container[key] = value
        self.document.marks[child] = mark
        return child

    def _check_key(self, event: Any, key: Any, mapping: dict[str, Any]) -> None:
        if not isinstance(key, str):
            self._fail(event, "yaml-key", "mapping keys must be plain strings")
        if key in mapping:
            self._fail(event, "duplicate-key", f"the key {key!r} appears twice in one mapping")

    def _fail(self, event: Any, rule: str, message: str) -> None:
        mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        raise _error(self.document.file, mark, rule, message)


def _scalar(event: yaml.ScalarEvent) -> str | None:
    if event.implicit[0] and event.value in _NULLS:  # plain, not quoted
        return None
    return event.value


def _offset_mark(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _error(file: str, mark: Mark | None, rule: str, message: str) -> ReadError:
    mark = mark or Mark(1, 1)
    return ReadError(Problem(file, mark.line, mark.column, rule, message))

