"""Partial dates and half-open periods.

A fact may be known to the day ("2009-10-03"), the month ("2019-10") or only the year ("1993").
The rule used everywhere in alliances (docs/codebook.md, "Partial dates"):

* a spell counts from the *first* day its start could be, and until the *last* day its end could
  be: the widest reading the evidence allows;
* an end date is the day the spell stopped, so the member is no longer counted on that day;
* an answer that depends on a day inside an imprecise date's range is flagged as imprecise,
  so nothing that rests on a guess passes as certain.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Literal

from .errors import QueryError, RuleError, shorten
from .frozen import Frozen, frozen, worked_out

Precision = Literal["day", "month", "year"]
DateLike = dt.date | str

# ASCII digits only: "٢٠٢٠" and fullwidth digits are digits to Python, never to a date here.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def days_in(year: int, month: int) -> int:
    """The days of a month (``calendar.monthrange``'s, without importing calendar and locale)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@frozen
class PartialDate(Frozen):
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None
    # The first and last day this date could be: queries ask for them millions of times.
    _first: dt.date = worked_out()
    _last: dt.date = worked_out()

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            last = days_in(self.year, self.month or 1)
            if not 1 <= self.day <= last:
                raise ValueError(f"{self} is not a date: that month has {last} days")
        month = self.month or 12
        object.__setattr__(self, "_first", dt.date(self.year, self.month or 1, self.day or 1))
        object.__setattr__(self, "_last", dt.date(self.year, month, self.day or days_in(self.year, month)))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        return _parse(text) if cls is PartialDate else _parse_uncached(cls, text)

    @classmethod
    def of(cls, value: DateLike | PartialDate) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise TypeError("give a date, not a datetime")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            return cls.parse(value)
        raise TypeError(f"expected a date or an ISO date string, got {type(value).__name__}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def exact(self) -> bool:
        return self.day is not None

    def earliest(self) -> dt.date:
        """The first day this date could be."""
        return self._first

    def latest(self) -> dt.date:
        """The last day this date could be."""
        return self._last

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate('{self}')"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema  # only where a data file is validated

        return core_schema.no_info_plain_validator_function(
            _validate_partial,
            serialization=core_schema.to_string_ser_schema(),
            # in a data file: YYYY-MM-DD, YYYY-MM, or a bare year, which YAML reads as a number
            json_schema_input_schema=core_schema.union_schema(
                [core_schema.str_schema(pattern=f"^{_PARTIAL.pattern}$"), core_schema.int_schema(ge=1, le=9999)]),
        )


def _parse_uncached(cls: type[PartialDate], text: str) -> PartialDate:
    match = _PARTIAL.fullmatch(text)
    if not match:
        raise ValueError(f"{shorten(text)!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    return cls(year, month, day)  # type: ignore[arg-type]


@lru_cache(maxsize=1 << 16)
def _parse(text: str) -> PartialDate:
    """Dates repeat across records (a founding day, a summit), and a PartialDate is immutable."""
    return _parse_uncached(PartialDate, text)


def _validate_partial(value: Any) -> PartialDate:
    if type(value) is str:  # the common case, kept to one cached call
        try:
            return _parse(value)
        except ValueError as exc:
            raise RuleError("bad-date", str(exc)) from None
    if isinstance(value, (PartialDate, str)) or type(value) is dt.date:
        try:
            return PartialDate.of(value)
        except ValueError as exc:
            raise RuleError("bad-date", str(exc)) from None
    raise RuleError("bad-date", f"expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got {type(value).__name__}")


_DAYS: dict[str, dt.date] = {}  # days as written, read: a question's memo key and its answer read each once
_DAYS_KEPT = 4096  # then forgotten at once


def iso_day(text: str) -> dt.date | None:
    """The day ``text`` writes as YYYY-MM-DD (ASCII digits), or None if it writes no such day."""
    found = _DAYS.get(text)
    # [0-9]{4}-[0-9]{2}-[0-9]{2}, without a pattern: fromisoformat reads ASCII digits in the other places
    if found is None and len(text) == 10 and text[4] == "-" == text[7] and text.isascii():
        try:
            found = dt.date.fromisoformat(text)
        except ValueError:
            return None  # 2021-02-30
        if len(_DAYS) >= _DAYS_KEPT:
            _DAYS.clear()
        _DAYS[text] = found
    return found


def to_date(value: DateLike | None) -> dt.date:
    """A query date: a date, an ISO string (to the day), "today", or None for today.

    Raises :class:`~alliances.errors.QueryError` (a ``ValueError``) for anything else; a year or a
    month is refused with a pointer to ``during``, which asks about a whole period.
    """
    if type(value) is dt.date:
        return value
    if type(value) is str:  # the common case: YYYY-MM-DD, read at once (and once for the memo key too)
        day = _DAYS.get(value) or iso_day(value)
        if day is not None:
            return day  # else no such day, or not YYYY-MM-DD: the reading below says why
    if value is None or (isinstance(value, str) and value.strip().casefold() == "today"):
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        partial = _query_partial(value)
        if not partial.exact:
            raise QueryError(f"a query date needs a day: {shorten(value)!r}; write YYYY-MM-DD, "
                             f"or ask about the whole {partial.precision} with during={str(partial)!r}")
        return partial.earliest()
    raise QueryError(f"expected a date or an ISO date string, got {type(value).__name__}")


@frozen
class Span(Frozen):
    """The days from ``first`` to ``last``, both included: a year, a month or a range asked about."""

    first: dt.date
    last: dt.date

    @property
    def period(self) -> Period:
        return Period(self.first, self.last + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"


SpanLike = int | str | Span


def to_span(value: SpanLike) -> Span:
    """A period asked about: a year (``2015`` or ``"2015"``), a month (``"2015-06"``), a day, or a
    range of any of them (``"2010..2015"``: from the first day of 2010 to the last of 2015).

    Raises :class:`~alliances.errors.QueryError` (a ``ValueError``) for anything else.
    """
    if isinstance(value, Span):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise QueryError(f"during takes a year, a month or a range such as '2010..2015', not {type(value).__name__}")
    text = str(value).strip()
    first_text, dots, last_text = text.partition("..")
    first = _query_partial(first_text)
    last = _query_partial(last_text) if dots else first
    if last.latest() < first.earliest():
        raise QueryError(f"the period {shorten(text)!r} ends before it starts")
    return Span(first.earliest(), last.latest())


def _query_partial(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise QueryError(shorten(str(exc), 120)) from None


@frozen
class Period(Frozen):
    """The days from ``start`` up to, not including, ``end`` (``None``: still running)."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"a period must end after it starts: {self.start} .. {self.end}")

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.start <= day and (self.end is None or day < self.end)

    def intersect(self, other: Period) -> Period | None:
        start = max(self.start, other.start)
        ends = [end for end in (self.end, other.end) if end is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return Period(start, end)

    def overlaps(self, other: Period) -> bool:
        return self.intersect(other) is not None

    def __str__(self) -> str:
        return f"{self.start} .. {self.end or 'today'}"


def widest_period(start: PartialDate, end: PartialDate | None) -> Period:
    """The period a spell covers under the widest-reading rule (see the module docstring)."""
    first = start.earliest()
    if end is None or first == dt.date.max:  # nothing comes after the last day there is
        return Period(first)
    return Period(first, max(end.latest(), first + dt.timedelta(days=1)))


def uncertain_on(start: PartialDate, end: PartialDate | None, day: dt.date) -> bool:
    """True when ``day`` falls where an imprecise start or end leaves the answer open."""
    if start.earliest() <= day < start.latest():
        return True
    return end is not None and end.earliest() <= day < end.latest()
