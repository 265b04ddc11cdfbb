"""Records as written in a data file, and pydantic's errors placed at the line and field of the
YAML they are about: what the loader turns every problem into."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .errors import Problem, RuleError, shorten
from .frozen import Frozen, frozen

if TYPE_CHECKING:  # the reader (and PyYAML) is imported only when YAML is read
    from .reader import Document

# What names a record without an id in messages.
_LABEL_KEYS = {"spells": ("member", "organization", "role"), "offices": ("holder", "post", "organization"),
               "relations": ("kind", "subject", "object"), "claims": ("organization", "on")}


@frozen(slots=False)
class RawRecord(Frozen):
    """One record as written: its data and where it stands."""

    section: str
    data: Any
    document: Document
    path: tuple[str | int, ...]

    @cached_property
    def label(self) -> str:
        """What names the record in messages: short, whatever the data holds."""
        if isinstance(self.data, dict):
            if isinstance(self.data.get("id"), str):
                return shorten(self.data["id"])
            if self.section in _LABEL_KEYS:
                return shorten(" ".join(_part(self.data.get(k, "?")) for k in _LABEL_KEYS[self.section]))
        return shorten(f"{self.section}[{self.path[-1]}]") if self.path else ""

    def slim(self) -> RawRecord:
        """This record with only the values its messages name: the raw values of every record
        alive at once would double the peak memory of a large load."""
        if not isinstance(self.data, dict):
            return self
        keys = ("id", *_LABEL_KEYS.get(self.section, ()))
        return RawRecord(self.section, {k: self.data[k] for k in keys if k in self.data}, self.document, self.path)

    def problem(self, rule: str, message: str, field: Sequence[str | int] = ()) -> Problem:
        mark = self.document.mark((*self.path, *field))
        shown = ".".join(str(part) for part in field)
        return Problem(self.document.file, mark.line, mark.column, rule, message, self.label, shown)


def _part(value: Any) -> str:
    return shorten(value, 30) if isinstance(value, str) else type(value).__name__


def echoes(error: Any, errors: list[Any]) -> bool:
    """A container's length error that only repeats the failure of an item inside it."""
    loc = tuple(error["loc"])
    return error["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors)


def placed(records: Sequence[RawRecord], errors: list[Any]) -> dict[int, list[Problem]]:
    """The errors of a list of records validated in one call, placed in the record each is about
    (the first part of its location): the problems of each record that failed, by its index."""
    by_record: dict[int, list[Any]] = {}
    for error in errors:
        index, *loc = error["loc"]
        by_record.setdefault(int(index), []).append({**error, "loc": tuple(loc)})
    return {index: [translate(records[index], e) for e in found if not echoes(e, found)]
            for index, found in by_record.items()}


def translate(record: RawRecord, error: Any) -> Problem:
    """A pydantic error, placed at the YAML position of the field it is about."""
    field = yaml_path(record.data, error["loc"])
    rule = _RENAMED.get(error["type"], error["type"].replace("_", "-"))
    message = error["msg"]
    broken = (error.get("ctx") or {}).get("error")
    if isinstance(broken, RuleError):  # a record's own rule, or a reference's
        rule, message = broken.rule, str(broken)
    if rule == "extra-forbidden":
        message = f"unknown field {field[-1]!r}" if field else message
    if rule == "missing":
        message = f"the field {field[-1]!r} is required" if field else message
    return record.problem(rule, message, field)


# What pydantic calls the rules of a dataclass, in the words of the rest of the messages.
_RENAMED = {"unexpected_keyword_argument": "extra-forbidden", "missing_keyword_argument": "missing"}


def yaml_path(data: Any, loc: Iterable[Any]) -> list[str | int]:
    """Keep the parts of a pydantic location that exist in the YAML (union tags are dropped)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            if part not in node:
                break  # a missing key: named, and placed at its enclosing mapping
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return path
