"""Typed query results: ordered, immutable, printable, exportable, and carrying their evidence.

Every result is a read-only sequence with ``to_records()`` (rows for JSON, CSV or a DataFrame),
``citations`` (every citation behind the answer, each once) and ``explain()`` (the answer with its
quotes and references, as text); it prints as a table in a terminal and in a notebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, Iterable, Iterator, Optional, Sequence, TypeVar, Union, overload

from .dates import PartialDate, Period, uncertain_on
from .model import Citation, Entity, Organization, Role, Spell
from .names import normalize

T = TypeVar("T")


def unique_citations(spells: Iterable[Spell]) -> tuple[Citation, ...]:
    return distinct(c for spell in spells for c in spell.citations)


def distinct(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Each citation once (same source, quote and locator), in first-seen order."""
    seen: dict[tuple[Any, ...], Citation] = {}
    for citation in citations:
        seen.setdefault((citation.source.id, citation.quote, citation.locator), citation)
    return tuple(seen.values())


def describe_citation(citation: Citation) -> str:
    source = citation.source
    dated = f", {source.published}" if source.published else ""
    head = f"[{source.id}] {source.title} ({source.publisher}{dated})"
    if citation.quote is not None:
        return f'"{citation.quote}" — {head}, characters {citation.start}-{citation.end}'
    where = f", {citation.locator}" if citation.locator else ""
    return f"{head}{where} {source.url or ''}".rstrip()


class Result(Sequence[T]):
    """The shared behaviour of every result: a read-only sequence that renders itself."""

    _items: tuple[T, ...]
    title: str = ""

    def __setattr__(self, name: str, value: Any) -> None:
        # Answers are shared (a question asked again gets the same answer), so they are read-only:
        # each attribute is set once, while the answer is built.
        if name in self.__dict__:
            raise AttributeError(f"{type(self).__name__} answers are read-only")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} answers are read-only")

    def _retitle(self, title: str) -> None:
        object.__setattr__(self, "title", title)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[T, tuple[T, ...]]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def to_records(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    @property
    def spells(self) -> tuple[Spell, ...]:
        raise NotImplementedError

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation behind this answer, each once."""
        return unique_citations(self.spells)

    def explain(self) -> str:
        """The answer with the evidence for each line: spells, quotes and references."""
        lines = [self.title] if self.title else []
        for spell in self.spells:
            lines.append(f"- {spell}")
            lines += [f"    {describe_citation(c)}" for c in spell.citations]
        return "\n".join(lines)

    def __repr__(self) -> str:
        from . import present  # rendering modules load when an answer is first shown

        return present.text_table(self.to_records(), self.title)

    def _repr_html_(self) -> str:
        from . import present

        return present.html_table(self.to_records(), self.title)


def _since(spells: Sequence[Spell]) -> str:
    return str(max((s.start.date for s in spells), key=PartialDate.earliest)) if spells else ""


@dataclass(frozen=True)
class Standing:
    """Why one entity is in an answer on day ``on``: the spells that put it there.

    ``since``, ``imprecise`` and ``frozen`` are worked out when first read: an answer with many
    members is built without them, and most callers only need the members themselves.
    """

    entity: Entity
    spells: tuple[Spell, ...]
    on: dt.date

    @cached_property
    def since(self) -> dt.date:
        """The day from which the entity held every one of these spells."""
        return max(s.start.date.earliest() for s in self.spells)

    @cached_property
    def imprecise(self) -> bool:
        """Whether the answer on this day rests on a date known only to the month or year."""
        return any(uncertain_on(s.start.date, s.end.date if s.end else None, self.on) for s in self.spells)

    @cached_property
    def frozen(self) -> bool:
        """Whether a standing condition (frozen participation) holds on this day."""
        return any(s.qualifiers_on(self.on) for s in self.spells)


class Members(Result[Entity]):
    """Entities that answer a members or overlap question, in name order, with their evidence.

    Supports ``in`` (an entity, an id or any of its names), ``&``, ``|`` and ``-``.
    """

    def __init__(self, standings: Iterable[Standing], organizations: Sequence[Organization],
                 on: dt.date, role: Role):
        self._standing = {s.entity.id: s for s in sorted(standings, key=lambda s: (s.entity.name, s.entity.id))}
        self._items = tuple(s.entity for s in self._standing.values())
        self.organizations = tuple(organizations)
        self.on = on
        self.role = role
        orgs = " and ".join(o.abbreviation for o in self.organizations)
        self.title = f"{role.value}s of {orgs} on {on}"

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._standing)

    @property
    def names(self) -> list[str]:
        return [entity.name for entity in self._items]

    def standing(self, entity: Union[Entity, str]) -> Standing:
        key = self._key(entity)
        if key is None:
            raise KeyError(entity)
        return self._standing[key]

    def _key(self, entity: object) -> Optional[str]:
        if isinstance(entity, Entity):
            return entity.id if entity.id in self._standing else None
        if isinstance(entity, str):
            wanted = normalize(entity)
            for key, standing in self._standing.items():
                if wanted in {normalize(n) for n in standing.entity.names}:
                    return key
        return None

    def __contains__(self, entity: object) -> bool:
        return self._key(entity) is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Members):
            return self.ids == other.ids
        if isinstance(other, (set, frozenset)):
            return self.ids == {e.id if isinstance(e, Entity) else e for e in other}
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _combine(self, other: Members, keep: frozenset[str]) -> Members:
        merged = {**other._standing, **self._standing}
        organizations = tuple(dict.fromkeys((*self.organizations, *other.organizations)))
        return Members((merged[k] for k in keep), organizations, self.on, self.role)

    def _restrict(self, keep: frozenset[str]) -> Members:
        return Members((self._standing[k] for k in keep), self.organizations, self.on, self.role)

    def __and__(self, other: object) -> Members:
        """Members in both answers; or, with any answer that has ``ids`` (a region's states), those in it."""
        if isinstance(other, Members):
            return self._combine(other, self.ids & other.ids)
        if hasattr(other, "ids"):
            answer = self._restrict(self.ids & frozenset(other.ids))
            if hasattr(other, "region"):
                answer._retitle(f"{answer.title} in {other.region.name}")
            return answer
        return NotImplemented

    def __or__(self, other: Members) -> Members:
        return self._combine(other, self.ids | other.ids)

    def __sub__(self, other: object) -> Members:
        if isinstance(other, Members):
            return self._combine(other, self.ids - other.ids)
        if hasattr(other, "ids"):
            return self._restrict(self.ids - frozenset(other.ids))
        return NotImplemented

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(spell for s in self._standing.values() for spell in s.spells)

    @property
    def imprecise(self) -> tuple[Entity, ...]:
        """Members whose standing on this date rests on a date known only to the month or year."""
        return tuple(s.entity for s in self._standing.values() if s.imprecise)

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": s.entity.id,
                "name": s.entity.name,
                "iso3": getattr(s.entity, "iso3", None),
                "since": s.since.isoformat(),
                "frozen": s.frozen,
                "imprecise": s.imprecise,
                "sources": sorted({c.source.id for c in unique_citations(s.spells)}),
            }
            for s in self._standing.values()
        ]


class Spells(Result[Spell]):
    """Membership spells, in date order."""

    def __init__(self, spells: Iterable[Spell], title: str = ""):
        self._items = tuple(sorted(spells, key=lambda s: (s.start.date.earliest(), s.organization.id, s.role.value)))
        self.title = title

    @property
    def spells(self) -> tuple[Spell, ...]:
        return self._items

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return tuple(dict.fromkeys(s.organization for s in self._items))

    def to_records(self) -> list[dict[str, Any]]:
        return [spell_record(s) for s in self._items]


def spell_record(spell: Spell) -> dict[str, Any]:
    return {
        "member": spell.member.id,
        "organization": spell.organization.id,
        "role": spell.role.value,
        "start": str(spell.start.date),
        "how": spell.start.how.value,
        "end": str(spell.end.date) if spell.end else None,
        "ended_by": spell.end.how.value if spell.end else None,
        "qualifiers": [f"{q.kind} from {q.start.date}" for q in spell.qualifiers],
        "sources": sorted({c.source.id for c in spell.citations}),
    }


@dataclass(frozen=True)
class SharedPeriod:
    """A period in which ``member`` belonged to every organization asked about."""

    member: Entity
    period: Period
    spells: tuple[Spell, ...]
    imprecise: bool = False


class Periods(Result[SharedPeriod]):
    """Who belonged to all the organizations at the same time, and when."""

    def __init__(self, periods: Iterable[SharedPeriod], organizations: Sequence[Organization], role: Role):
        self._items = tuple(sorted(periods, key=lambda p: (p.member.name, p.period.start)))
        self.organizations = tuple(organizations)
        self.title = f"{role.value}s of {' and '.join(o.abbreviation for o in organizations)} at the same time"

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(dict.fromkeys(s for p in self._items for s in p.spells))

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": p.member.id,
                "name": p.member.name,
                "start": p.period.start.isoformat(),
                "end": p.period.end.isoformat() if p.period.end else None,
                "imprecise": p.imprecise,
                "sources": sorted({c.source.id for c in unique_citations(p.spells)}),
            }
            for p in self._items
        ]


@dataclass(frozen=True)
class Entry:
    """One dated line of an entity's history (a spell's start, a founding, a summit), with its citations."""

    date: PartialDate
    kind: str
    description: str
    citations: tuple[Citation, ...]
    spell: Optional[Spell] = None


class Timeline(Result[Entry]):
    """Dated entries, earliest first."""

    def __init__(self, events: Iterable[Entry], title: str = ""):
        self._items = tuple(sorted(events, key=lambda e: (e.date.earliest(), e.kind != "founded")))
        self.title = title

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(dict.fromkeys(e.spell for e in self._items if e.spell is not None))

    @property
    def citations(self) -> tuple[Citation, ...]:
        return distinct(c for event in self._items for c in event.citations)

    def explain(self) -> str:
        lines = [self.title] if self.title else []
        for event in self._items:
            lines.append(f"- {event.date}  {event.description}")
            lines += [f"    {describe_citation(c)}" for c in event.citations]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"date": str(e.date), "event": e.kind, "description": e.description,
             "sources": sorted({c.source.id for c in e.citations})}
            for e in self._items
        ]

