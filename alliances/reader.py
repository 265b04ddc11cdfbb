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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, shorten

MAX_BYTES = 8 * 1024 * 1024
"""The largest data file read, in bytes (the bundled files are a few kilobytes each)."""

MAX_DEPTH = 16
"""The deepest nesting of mappings and sequences a data file may use (the models need 6)."""

Path_ = tuple[str | int, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_Loader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


class Document:
    """One YAML file read: its data, and the position of each value by its path.

    Positions are needed only for messages, and recording one per value costs as much as the
    parse itself, so they are worked out from the text the first time a message asks for one.
    """

    def __init__(self, file: str, data: Any, text: str = "", loader: Any = None):
        self.file = file
        self.data = data
        self._text = text
        self._loader = loader
        self._marks: dict[Path_, tuple[int, int]] | None = None

    def mark(self, path: Path_) -> Mark:
        """The position of ``path``, or of its nearest enclosing value that has one."""
        if self._marks is None:
            self._marks = _marks_of(self._text, self.file, self._loader)
        for end in range(len(path), -1, -1):
            found = self._marks.get(tuple(path[:end]))
            if found is not None:
                return Mark(*found)
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
    builder = _Builder(name, marks=False)
    used = _parse(builder, text, name, loader)
    return Document(name, builder.data, text, used)


def _marks_of(text: str, name: str, loader: Any) -> dict[Path_, tuple[int, int]]:
    """Read ``text`` again, this time recording where every value stands."""
    builder = _Builder(name, marks=True)
    _parse(builder, text, name, loader)
    return builder.marks  # type: ignore[return-value]


def _parse(builder: _Builder, text: str, name: str, loader: Any) -> Any:
    """Feed the parser's events to ``builder``; return the loader used."""
    parser = (loader or _Loader)(text)
    try:
        handlers, next_event, end = _HANDLERS, parser.get_event, yaml.StreamEndEvent
        while True:  # one parser call and one handler call per event: millions of them
            event = next_event()
            kind = type(event)
            handlers[kind](builder, event)
            if kind is end:
                break
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        if "nesting depth" in problem and loader is None:
            # libyaml scans ahead and stops at its own limit (1,000 levels) before the builder sees
            # level 17; the pure-Python parser streams, so it finds the place our rule names.
            builder.restart()
            return _parse(builder, text, name, yaml.SafeLoader)
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        raise _error(name, where, "yaml-syntax", problem) from None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        raise _error(name, None, "yaml-syntax", f"{type(exc).__name__}: {exc}") from None
    finally:
        parser.dispose()
    return loader


class _Builder:
    """Turns parser events into dicts, lists and strings, checking each rule on the way."""

    def __init__(self, file: str, marks: bool):
        self.file = file
        self.record_marks = marks
        self.restart()

    def restart(self) -> None:
        self.data: Any = None
        self.documents = 0
        self.marks: dict[Path_, tuple[int, int]] | None = {} if self.record_marks else None
        self.stack: list[tuple[Any, Path_, list[Any]]] = []  # container, its path, pending key

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._fail(event, "yaml-multiple-documents", "a data file holds one YAML document")

    def _alias(self, event: Any) -> None:
        self._fail(event, "yaml-alias", "aliases (*name) are not allowed; write the value out")

    def _scalar_event(self, event: Any) -> None:
        if event.anchor is not None or (event.tag is not None and not any(event.implicit)):
            self._check_node(event)
        value = None if event.implicit[0] and event.value in _NULLS else event.value
        if self.record_marks or not self.stack:
            self._place(event, value)
            return
        container, _, pending = self.stack[-1]  # the common case, without a call: a value in place
        if type(container) is list:
            container.append(value)
        elif pending:
            container[pending.pop()] = value
        else:
            self._place(event, value)  # a key: checked there

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._fail(event, "yaml-anchor", f"anchors (&{event.anchor}) are not allowed")
        implicit = event.implicit if isinstance(event, yaml.ScalarEvent) else (event.implicit,)
        if event.tag is not None and not any(implicit):
            self._fail(event, "yaml-tag", f"tags ({event.tag}) are not allowed")

    def _open(self, event: Any) -> None:
        self._check_node(event)
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, "too-deep", f"data files nest at most {MAX_DEPTH} levels")
        container: Any = {} if type(event) is yaml.MappingStartEvent else []
        path = self._place(event, container)
        self.stack.append((container, path, []))

    def _close(self, event: Any) -> None:
        container, _, _ = self.stack.pop()
        if not self.stack:
            self.data = container

    def _place(self, event: Any, value: Any) -> Path_:
        """Put a value into the open container; return the value's path (kept only with marks)."""
        if not self.stack:
            if not isinstance(value, (dict, list)):
                self.data = value
            self._mark((), event)
            return ()
        container, path, pending = self.stack[-1]
        if type(container) is list:
            child = (*path, len(container)) if self.record_marks else ()
            container.append(value)
        elif not pending:
            if type(value) is not str:
                self._fail(event, "yaml-key", "mapping keys must be plain strings")
            if value in container:
                self._fail(event, "duplicate-key", f"the key {shorten(value)!r} appears twice in one mapping")
            pending.append(value)
            return path
        else:
            key = pending.pop()
            child = (*path, key) if self.record_marks else ()
            container[key] = value
        if self.record_marks:
            self._mark(child, event)
        return child

    def _mark(self, path: Path_, event: Any) -> None:
        if self.marks is not None:
            self.marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)

    def _fail(self, event: Any, rule: str, message: str) -> None:
        mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        raise _error(self.file, mark, rule, message)


def _ignore(builder: _Builder, event: Any) -> None:
    pass


# By event type; functions, not bound methods, so that a builder never refers to itself and its
# raw values go the moment it does (the collector is paused during a load, and frozen after it).
_HANDLERS: dict[type, Callable[[_Builder, Any], None]] = {
    yaml.ScalarEvent: _Builder._scalar_event,
    yaml.MappingStartEvent: _Builder._open,
    yaml.SequenceStartEvent: _Builder._open,
    yaml.MappingEndEvent: _Builder._close,
    yaml.SequenceEndEvent: _Builder._close,
    yaml.AliasEvent: _Builder._alias,
    yaml.DocumentStartEvent: _Builder._document,
    yaml.DocumentEndEvent: _ignore,
    yaml.StreamStartEvent: _ignore,
    yaml.StreamEndEvent: _ignore,
}


def _offset_mark(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _error(file: str, mark: Mark | None, rule: str, message: str) -> ReadError:
    mark = mark or Mark(1, 1)
    return ReadError(Problem(file, mark.line, mark.column, rule, message))

