"""Strict YAML reading that keeps the position of every value.

The reader builds plain Python data straight from PyYAML's event stream (libyaml's C parser when
present, the pure-Python one otherwise) instead of PyYAML's constructors, so that:

* every scalar stays a string: ``NO``, ``on``, ``1:20``, ``0777``, ``1e3`` and ``2009-10-03`` are
  read as written, and the models decide what a field means; only a plain ``null``, ``~`` or
  nothing at all reads as ``None``;
* anchors, aliases and explicit tags are refused at the first event, so an alias bomb never
  expands and no tag can build a Python object;
* duplicate keys, non-string keys and nesting deeper than :data:`MAX_DEPTH` are refused; so are
  files over :data:`MAX_BYTES`, bytes that are not UTF-8 and NUL characters, before parsing;
* every scalar is checked as text (``fields.text_problem``), each problem at its own place;
* every mapping value and sequence item has its line and column, for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, shorten
from .fields import text_problem
from .files import MAX_BYTES, ReadError, read_bounded

__all__ = ["MAX_BYTES", "Document", "Mark", "ReadError", "decode", "only_sections", "read_file", "read_text"]

MAX_DEPTH = 16
"""The deepest nesting of mappings and sequences a data file may use (the models need 6)."""

Path_ = tuple[str | int, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # all under 5 characters (the reader relies on it)
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
        self.root: Path | None = None  # the dataset root it was read from: its articles are there
        self.problems: list[Problem] = []  # texts that break a rule: the file is read on, and refused
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



def read_file(path: Path, shown_as: str | None = None) -> Document:
    """Read one data file; raise :class:`ReadError` on the first problem."""
    name = shown_as or str(path)
    return read_text(decode(read_bounded(path, name), name), name)



def only_sections(text: str, sections: tuple[str, ...]) -> bool:
    """Whether a file's top-level keys are all among ``sections``, judged from its lines at column
    0. In doubt (another key, flow style, several documents): no."""
    key = re.compile(r"(?:" + "|".join(map(re.escape, sections)) + r")[ \t]*:(?:[ \t]|$)")
    top = [line for line in text.splitlines() if line[:1] not in ("", " ", "\t", "#") and not line.startswith("- ")]
    return bool(top) and all(key.match(line) for line in top)


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
    problems: list[Problem] = []
    data, used = _parse(text, name, loader, problems)
    document = Document(name, data, text, used)
    document.problems = problems
    return document


def _marks_of(text: str, name: str, loader: Any) -> dict[Path_, tuple[int, int]]:
    """Read ``text`` again (it read whole once, so every rule holds), recording only where every
    value stands, in one loop: a file with a problem in every record asks for every position."""
    parser = (loader or _Loader)(text)
    marks: dict[Path_, tuple[int, int]] = {}
    stack: list[list[Any]] = []  # [path, a sequence?, items so far, the key waiting for its value]
    scalar, mapping, sequence, end, closing = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                               yaml.StreamEndEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent))
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar or kind is mapping or kind is sequence:
                path: Path_ = ()
                if stack:
                    top = stack[-1]
                    if top[1]:
                        path = (*top[0], top[2])
                        top[2] += 1
                    elif top[3] is None:
                        top[3] = event.value if kind is scalar else ""
                        continue
                    else:
                        path = (*top[0], top[3])
                        top[3] = None
                mark = event.start_mark
                marks[path] = (mark.line + 1, mark.column + 1)
                if kind is not scalar:
                    stack.append([path, kind is sequence, 0, None])
            elif kind in closing:
                stack.pop()
            elif kind is end:
                break
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        pass  # it read whole the first time; whatever was found stands
    finally:
        parser.dispose()
    return marks


def _parse(text: str, name: str, loader: Any, problems: list[Problem]) -> tuple[Any, Any]:
    """The data of ``text``, with every text problem added to ``problems``; and the loader used."""
    parser = (loader or _Loader)(text)
    try:
        return _build(parser, name, problems), loader
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        if "nesting depth" in problem and loader is None:
            # libyaml scans ahead and stops at its own limit (1,000 levels) before the builder sees
            # level 17; the pure-Python parser streams, so it finds the place our rule names.
            problems.clear()
            return _parse(text, name, yaml.SafeLoader, problems)
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        raise _error(name, where, "yaml-syntax", problem) from None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        raise _error(name, None, "yaml-syntax", f"{type(exc).__name__}: {exc}") from None
    finally:
        parser.dispose()


_NO_KEY: Any = object()  # a mapping's state between a value and its next key


def _build(parser: Any, file: str, problems: list[Problem]) -> Any:
    """Turn the parser's events into dicts, lists and strings, checking each rule on the way.

    One loop with the open container, whether it is a list, and the key waiting for its value in
    local variables: it runs once per event, millions of times for large data, so the common
    case (a plain text placed in an open container) takes no call and no lookup beyond the event's.
    """
    next_event = parser.get_event
    scalar, mapping, sequence, ends = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, _ENDS
    nulls = _NULLS
    data: Any = None
    documents = 0
    container: Any = None  # the open dict or list; None at the top, outside any
    in_list = False
    key: Any = _NO_KEY
    stack: list[tuple[Any, bool, Any]] = []  # the containers around the open one, as above
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None or (event.tag is not None and not any(event.implicit)):
                _check_node(event, file)
            value = event.value
            if len(value) < 5 and value in nulls and event.implicit[0]:  # a null is short: no hash of a long text
                value = None
            elif not (value.isascii() and value.isprintable() and value[:1] != " " and value[-1:] != " " and value):
                _check_text(event, value, file, problems)
            if in_list:
                container.append(value)
            elif key is not _NO_KEY:
                container[key] = value
                key = _NO_KEY
            elif container is None:
                data = value
            else:
                if value is None or value in container:
                    _check_key(event, value, container, file)
                key = value
        elif kind is mapping or kind is sequence:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                _check_node(event, file)
            if len(stack) >= MAX_DEPTH:
                _fail(event, file, "too-deep", f"data files nest at most {MAX_DEPTH} levels")
            opened: Any = {} if kind is mapping else []
            if in_list:
                container.append(opened)
            elif key is not _NO_KEY:
                container[key] = opened
            elif container is not None:
                _check_key(event, opened, container, file)  # a container as a key: refused
            stack.append((container, in_list, _NO_KEY))
            container, in_list, key = opened, kind is sequence, _NO_KEY
        elif kind in ends:
            closed = container
            container, in_list, key = stack.pop()
            if container is None:
                data = closed
        elif kind is yaml.StreamEndEvent:
            return data
        elif kind is yaml.AliasEvent:
            _fail(event, file, "yaml-alias", "aliases (*name) are not allowed; write the value out")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                _fail(event, file, "yaml-multiple-documents", "a data file holds one YAML document")


_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_key(event: Any, key: Any, mapping: dict[Any, Any], file: str) -> None:
    """A key must be a plain string, once in its mapping."""
    if type(key) is not str:
        _fail(event, file, "yaml-key", "mapping keys must be plain strings")
    if key in mapping:
        _fail(event, file, "duplicate-key", f"the key {shorten(key)!r} appears twice in one mapping")


def _check_text(event: Any, value: str, file: str, problems: list[Problem]) -> None:
    found = text_problem(value)
    if found:
        mark = event.start_mark
        problems.append(Problem(file, mark.line + 1, mark.column + 1, *found))


def _check_node(event: Any, file: str) -> None:
    if event.anchor is not None:
        _fail(event, file, "yaml-anchor", f"anchors (&{event.anchor}) are not allowed")
    implicit = event.implicit if isinstance(event, yaml.ScalarEvent) else (event.implicit,)
    if event.tag is not None and not any(implicit):
        _fail(event, file, "yaml-tag", f"tags ({event.tag}) are not allowed")


def _fail(event: Any, file: str, rule: str, message: str) -> None:
    mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
    raise _error(file, mark, rule, message)


def _offset_mark(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _error(file: str, mark: Mark | None, rule: str, message: str) -> ReadError:
    mark = mark or Mark(1, 1)
    return ReadError(Problem(file, mark.line, mark.column, rule, message))

