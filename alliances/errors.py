"""The library's error types.

Every problem in a data directory becomes a :class:`Problem` that names the file, the line and
column, the record, the field and the rule; :class:`DataError` carries all of them at once, so
one run shows every mistake. Lookups that miss raise :class:`UnknownNameError`, a
``LookupError`` with the closest suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .frozen import Frozen, frozen

SHOWN = 20
"""How many problems a message or report shows in full; the rest are counted (all are kept)."""


class AlliancesError(Exception):
    """Base class of every error alliances raises on purpose."""


@frozen
class Problem(Frozen):
    """One broken rule at one place of one data file."""

    file: str
    line: int
    column: int
    rule: str
    message: str
    record: str = ""
    field: str = ""

    def __post_init__(self) -> None:  # whatever the data held, a problem prints as one short line
        for name, limit in (("file", 200), ("rule", 60), ("message", 400), ("record", 60), ("field", 120)):
            value = getattr(self, name)
            if type(value) is str and (len(value) > limit or not value.isprintable()):
                object.__setattr__(self, name, shorten(value, limit))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = " ".join(part for part in (self.record and f"[{self.record}]", self.field) if part)
        return f"{where}: {self.rule}: {what + ': ' if what else ''}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "rule": self.rule,
                "message": self.message, "record": self.record, "field": self.field}


class DataError(AlliancesError, ValueError):
    """A data directory broke one or more rules; nothing was loaded."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data"
        shown = [str(problem) for problem in self.problems[:SHOWN]]
        if count > SHOWN:
            shown.append(f"... and {count - SHOWN} more (every one is in .problems)")
        super().__init__("\n".join([head, *shown]))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class RuleError(ValueError):
    """A record broke one of its own rules while it was made (a Region's code without its
    standard); the loader places it at the record's line under ``rule``."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


class UnknownNameError(AlliancesError, LookupError):
    """No entity, organization or source is known by this name.

    ``suggestions`` (the closest known names) are worked out when first read, or when the error is
    shown: code that catches the error to try another name never pays for them.
    """

    def __init__(self, key: str, suggestions: Iterable[str] | Callable[[], Iterable[str]] = (),
                 kind: str = "entity"):
        super().__init__(key)
        self.key = key
        self.kind = kind
        self._suggest = suggestions if callable(suggestions) else (lambda found=tuple(suggestions): found)
        self._suggestions: tuple[str, ...] | None = None

    @property
    def suggestions(self) -> tuple[str, ...]:
        if self._suggestions is None:
            self._suggestions = tuple(self._suggest())
        return self._suggestions

    def __reduce__(self) -> Any:  # picklable: the suggestions travel worked out
        return (type(self), (self.key, self.suggestions, self.kind))

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        return f"no {self.kind} is known as {shorten(self.key)!r}{hint}"


class NotCoveredError(AlliancesError, LookupError):
    """A question about a role or a period whose membership the data does not record.

    The message says what is recorded; ``organization`` is the id of the organization asked about.
    An empty answer, by contrast, always means that nobody held the status on that day.
    """

    def __init__(self, organization: str, message: str):
        super().__init__(message)
        self.organization = organization


class QueryError(AlliancesError, ValueError):
    """A query was asked in a way that has no answer (an organization that is a state, say)."""


def shorten(text: str, limit: int = 60) -> str:
    """A value as it may appear in a message: cut, so that a hostile value is never echoed whole,
    and with every character that is not printable (a line break, an escape, a direction mark)
    written as its code, so that a value can neither forge a line nor rewrite the terminal."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return cut if cut.isprintable() else "".join(map(_visible, cut))


def _visible(char: str) -> str:
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
