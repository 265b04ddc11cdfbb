"""Coverage: whose membership the data records, for which roles and over which period, and the one
rule by which a question outside it is refused rather than answered "none".

An organization's data lists its coverage (``Organization.coverage``); a question about a role or a
day it does not cover raises :class:`~alliances.errors.NotCoveredError`, which says what is
recorded. Before an organization's founding (or after its dissolution) nobody held any role in it:
such a question is answered, empty, with a note that says why.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .answers import Result, Topic, remembered
from .cited import Citation, Milestone
from .dates import Span
from .entities import Organization
from .errors import NotCoveredError
from .frozen import Frozen, frozen
from .index import Index
from .spells import Spell
from .vocabulary import Role


def require(organization: Organization, role: Role, day: dt.date) -> tuple[str, ...]:
    """Refuse a question about ``role`` in ``organization`` on ``day`` that the data cannot answer;
    else the notes its answer carries."""
    require_role(organization, role)
    if day < organization.period.start:
        return (f"{organization.abbreviation} did not exist yet on {day} (founded {organization.founded.date})",)
    if day not in organization.period:
        assert organization.dissolved is not None
        return (f"{organization.abbreviation} no longer existed on {day} (dissolved {organization.dissolved.date})",)
    if not organization.covers(role, day):
        raise NotCoveredError(organization.id, f"{organization.recorded()}; not its {role.value}s on {day}")
    return partial_notes(organization, role)


def notes_on(index: Index, organization: Organization, role: Role, day: dt.date) -> tuple[str, ...]:
    """What :func:`require` says of ``day``, read where it can from a table of the days on which its
    verdict can change (made once per organization and role): a new day is a binary search."""
    key = ("notes", organization.id, role)
    table: _Verdicts | None = index.derived.get(key)
    if table is None:
        table = index.derived[key] = _Verdicts.of(organization, role)
    notes = table.notes[bisect.bisect_right(table.days, day) - 1] if day >= table.days[0] else None
    return require(organization, role, day) if notes is None else notes


class _Verdicts(NamedTuple):
    """From each of ``days`` to the next, the notes of every answer on a day the data records, or
    None where :func:`require` refuses the question or writes the day into its note."""

    days: list[dt.date]
    notes: list[tuple[str, ...] | None]

    @classmethod
    def of(cls, organization: Organization, role: Role) -> _Verdicts:
        # the verdict changes only where the organization's life or an entry of its coverage starts or ends
        life = organization.period
        days = {life.start, *([life.end] if life.end else [])}
        for entry in organization.coverage:
            if entry.start is not None:
                days.add(entry.start.earliest())
            if entry.end is not None and entry.end.latest() < dt.date.max:
                days.add(entry.end.latest() + dt.timedelta(days=1))
        ordered = sorted(days)
        notes = partial_notes(organization, role)
        return cls(ordered, [notes if day in life and organization.covers(role, day) else None for day in ordered])


def require_span(organization: Organization, role: Role, span: Span) -> tuple[str, ...]:
    """Like :func:`require`, for every day of ``span``: the period may run beyond the organization's
    life (nobody held any role then), but not beyond what its data records."""
    require_role(organization, role)
    life = organization.period.intersect(span.period)
    if life is None:
        return (f"{organization.abbreviation} did not exist during {span} (founded {organization.founded.date})",)
    last = (life.end or span.period.end or life.start) - dt.timedelta(days=1)
    day = first_uncovered(organization, role, life.start, last)
    if day is not None:
        raise NotCoveredError(organization.id, f"{organization.recorded()}; not its {role.value}s on {day}, "
                                               f"which {span} includes")
    return partial_notes(organization, role)


def first_uncovered(organization: Organization, role: Role, first: dt.date, last: dt.date) -> dt.date | None:
    """The first day of ``first``..``last`` on which the data does not record ``role``, if any."""
    return next((day for day in _boundaries(organization, first, last) if not organization.covers(role, day)), None)


def _boundaries(organization: Organization, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days on which coverage can change inside ``first``..``last``: its ends and every entry's
    start and end; checking them is checking every day."""
    days = {first, last}
    for entry in organization.coverage:
        for edge in (entry.start.earliest() if entry.start else None,
                     entry.end.latest() + dt.timedelta(days=1) if entry.end else None):
            for day in (edge, edge - dt.timedelta(days=1)) if edge else ():
                if first <= day <= last:
                    days.add(day)
    return sorted(days)


def require_role(organization: Organization, role: Role) -> None:
    """Refuse any question about a role whose spells the data does not record for ``organization``."""
    if not any(role in entry.roles for entry in organization.coverage):
        if not organization.coverage:
            raise NotCoveredError(organization.id, f"{organization.recorded()}: its {role.value}s are not known")
        raise NotCoveredError(organization.id, f"{organization.recorded()}; not its {role.value}s")


def partial_notes(organization: Organization, role: Role) -> tuple[str, ...]:
    """What a reader must know of a role recorded in full for one kind of member only."""
    return tuple(f"{role.value}s of {organization.abbreviation} are recorded in full for {entry.of} only"
                 + (f" ({entry.note.rstrip('.')})" if entry.note else "")
                 for entry in organization.coverage if role in entry.roles and entry.of != "all")


class CoverageQuestions(Topic):
    """The coverage question of a dataset."""

    @remembered
    def coverage(self) -> CoverageReport:
        """What the data records, per organization: roles, period, spells, sources, and the share of
        spell dates that rest on an official page or a treaty text."""
        spells = self.index.spells_of_organization
        organizations = sorted(self.index.records.organizations, key=lambda o: o.name)
        return CoverageReport(OrganizationCoverage(o, spells.get(o.id, ())) for o in organizations)


@frozen
class OrganizationCoverage(Frozen):
    """One organization's coverage, with counts of what backs it."""

    organization: Organization
    spells: tuple[Spell, ...]

    @property
    def roles(self) -> str:
        return "; ".join(entry.describe() for entry in self.organization.coverage) or "(membership not recorded)"

    @property
    def dates(self) -> tuple[Milestone, ...]:
        """Every dated start and end of its spells."""
        return tuple(m for s in self.spells for m in (s.start, s.end) if m is not None)

    @property
    def official_share(self) -> float | None:
        """The share of its spell dates with at least one citation of an official page or treaty text."""
        dates = self.dates
        if not dates:
            return None
        return sum(any(c.source.official for c in m.citations) for m in dates) / len(dates)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for s in self.spells for c in s.citations)

    def __str__(self) -> str:
        return f"{self.organization.name}: {self.roles}"


class CoverageReport(Result[OrganizationCoverage]):
    """What the data records, one row per organization, in name order."""

    columns = ("id", "name", "recorded", "founded", "dissolved", "spells", "sources", "official")

    def __init__(self, rows: Iterable[OrganizationCoverage], title: str = "what the data records"):
        self._items = tuple(rows)
        self.title = title

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for row in self._items:
            yield str(row), ()

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": row.organization.id,
                "name": row.organization.name,
                "recorded": row.roles,
                "founded": str(row.organization.founded.date),
                "dissolved": str(row.organization.dissolved.date) if row.organization.dissolved else None,
                "spells": len(row.spells),
                "sources": len({c.source.id for c in row.citations}),
                "official": None if row.official_share is None else round(row.official_share, 2),
            }
            for row in self._items
        ]

    def markdown(self) -> str:
        """The report as the Markdown table the codebook carries."""
        lines = ["| organization | recorded | founded | spells | sources | official |", "|---|---|---|---|---|---|"]
        for row in self.to_records():
            share = "" if row["official"] is None else f"{round(100 * row['official'])}%"
            until = f" to {row['dissolved']}" if row["dissolved"] else ""
            lines.append(f"| {row['name']} ({row['id']}) | {row['recorded']} | {row['founded']}{until} | "
                         f"{row['spells']} | {row['sources']} | {share} |")
        return "\n".join(lines)
