"""Membership: who belonged to an organization (or to several at once) on a day, or at any time
within a period; with the answer it returns, ``Members``, each member's ``Standing`` beside it.

Every query date may be a ``datetime.date`` or an ISO string and defaults to today; a period
(``during``) is a year, a month or a range. Spells are read under the widest-reading rule of
:mod:`alliances.dates`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from . import covered
from .answers import Result, Topic, names_entity, remembered, source_ids
from .cited import Citation
from .dates import DateLike, Period, Span, SpanLike, to_date, to_span, uncertain_on, widest_period
from .entities import Entity, Organization, Region
from .errors import QueryError
from .index import Held, Index
from .spells import Spell
from .vocabulary import Role

RoleLike = Role | str
OrganizationLike = str | Organization


def to_role(role: RoleLike) -> Role:
    if type(role) is Role:
        return role
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise QueryError(f"unknown role {role!r}; the roles are {known}") from None


class MembershipQuestions(Topic):
    """The membership questions of a dataset."""

    @remembered
    def members(self, organization: OrganizationLike, on: DateLike | None = None,
                role: RoleLike = Role.MEMBER, region: str | None = None, during: SpanLike | None = None) -> Members:
        """Who held ``role`` (default: full member) in ``organization`` on a date (default: today), or
        at any time ``during`` a year, month or range ("2010..2015"); only those in ``region`` when
        one is named."""
        return self._members_of_all((organization,), on, role, region, during)

    @remembered
    def overlap(self, *organizations: OrganizationLike, on: DateLike | None = None,
                role: RoleLike = Role.MEMBER, region: str | None = None, during: SpanLike | None = None) -> Members:
        """Who held ``role`` in every one of ``organizations`` at once on a date (default: today), or at
        once at any time ``during`` a period; only those in ``region`` when one is named."""
        return self._members_of_all(organizations, on, role, region, during)

    def _members_of_all(self, organizations: Sequence[OrganizationLike], on: DateLike | None,
                        role: RoleLike, region: str | None, during: SpanLike | None) -> Members:
        if not organizations:
            raise QueryError("name at least one organization")
        if on is not None and during is not None:
            raise QueryError("ask about a day (on) or a period (during), not both")
        index = self.index
        wanted = role if type(role) is Role else to_role(role)
        as_of = index.records.info.as_of.latest()
        if len(organizations) == 1:  # members(), the commonest question: no loops over organizations
            orgs: Sequence[Organization] = (index.resolve(organizations[0], Organization),)
        else:
            orgs = tuple([index.resolve(o, Organization) for o in organizations])
        if during is None:
            day = to_date(on)
            ids: tuple[str, ...]
            if len(orgs) == 1:
                notes, ids = covered.notes_on(index, orgs[0], wanted, day), (orgs[0].id,)
            else:
                notes = tuple([note for org in orgs for note in covered.notes_on(index, org, wanted, day)])
                ids = tuple([o.id for o in orgs])
            answer = Members(index.held_on(ids, wanted, day), orgs, day, wanted, notes, day > as_of)
        else:
            span = to_span(during)
            notes = tuple(note for org in orgs for note in covered.require_span(org, wanted, span))
            standings = standing_during(index, orgs, span, wanted)
            answer = Members.of(standings.values(), orgs, None, wanted, notes, span.last > as_of, span)
        if region is None:
            return answer
        place = self.index.resolve(region, Region)
        inside = frozenset(state.id for state in place.states)
        return answer._restrict(inside, f"{answer.title} in {place.name}")


def covered_organizations(index: Index) -> tuple[Organization, ...]:
    """The organizations whose membership the data records: what a member's answer searched."""
    return tuple(o for o in index.records.organizations if o.coverage)


def spells_in(index: Index, organization: Organization, role: Role) -> Iterator[Spell]:
    return (s for s in index.spells_of_organization.get(organization.id, ()) if s.role is role)


def standing_during(index: Index, organizations: Sequence[Organization], span: Span, role: Role) -> dict[str, Standing]:
    """Member id -> why it held ``role`` in every one of ``organizations`` at once at some time in
    ``span``, with the number of days of the span on which it did."""
    shared: dict[str, list[tuple[Period, tuple[Spell, ...]]]] = {}
    for n, organization in enumerate(organizations):
        found: dict[str, list[tuple[Period, tuple[Spell, ...]]]] = defaultdict(list)
        for spell in spells_in(index, organization, role):
            for period, chain in (shared.get(spell.member.id, ()) if n else [(span.period, ())]):
                meet = period.intersect(spell.period)
                if meet is not None:
                    found[spell.member.id].append((meet, (*chain, spell)))
        shared = found
    return {member: Standing(pieces[0][1][0].member, tuple(dict.fromkeys(s for _, chain in pieces for s in chain)),
                             None, span, sum(_length(p) for p, _ in pieces))
            for member, pieces in shared.items()}


def _length(period: Period) -> int:
    assert period.end is not None  # cut to a span, which always ends
    return (period.end - period.start).days


# -- answers --------------------------------------------------------------------------------------


class _SpellEvidence(Result[Any]):
    """An answer explained spell by spell."""

    @property
    def spells(self) -> tuple[Spell, ...]:
        raise NotImplementedError

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for spell in self.spells:
            yield str(spell), spell.citations


class Standing(NamedTuple):
    """Why one entity is in an answer on day ``on`` (or at some time ``during`` a period): the
    spells that put it there, and for a period the number of its ``days`` on which they did.

    ``since``, ``imprecise`` and ``frozen`` are worked out when read: an answer with many members is
    built without them, and most callers only need the members themselves. A named tuple, so that
    an answer of a hundred members is made in microseconds, and nothing in it can change.
    """

    entity: Entity
    spells: tuple[Spell, ...]
    on: dt.date | None
    during: Span | None = None
    days: int | None = None

    @property
    def since(self) -> dt.date:
        """The day from which the entity held every one of these spells."""
        return max(s.start.date.earliest() for s in self.spells)

    @property
    def imprecise(self) -> bool:
        """Whether the answer on this day (or its count of days) rests on a date known only to the
        month or year."""
        if self.on is not None:
            return any(uncertain_on(s.start.date, s.end.date if s.end else None, self.on) for s in self.spells)
        assert self.during is not None
        return any(_uncertain_within(s, self.during) for s in self.spells)

    @property
    def frozen(self) -> bool:
        """Whether a standing condition (frozen, suspended, partial) holds on this day, or at some
        time of the period."""
        if self.on is not None:
            return any(s.qualifiers_on(self.on) for s in self.spells)
        assert self.during is not None
        window = self.during.period
        return any(widest_period(q.start.date, q.end.date if q.end else None).overlaps(window)
                   for s in self.spells for q in s.qualifiers)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for s in self.spells for c in s.citations)


def _uncertain_within(spell: Spell, span: Span) -> bool:
    """Whether a day of ``span`` falls where the spell's imprecise start or end leaves it open."""
    for edge in (spell.start.date, spell.end.date if spell.end else None):
        if edge is not None and not edge.exact and edge.earliest() <= span.last and span.first < edge.latest():
            return True
    return False


_COLUMNS_ON = ("id", "name", "iso3", "since", "frozen", "imprecise", "sources")
_COLUMNS_DURING = ("id", "name", "iso3", "since", "days", "frozen", "imprecise", "sources")


class Members(_SpellEvidence):
    """Entities that answer a members or overlap question, in name order, with their evidence.

    Supports ``in`` (an entity, an id or any of its names), ``&``, ``|`` and ``-``; ``&`` and ``-``
    also take any other answer, by the entities it lists (a region's states).
    """

    organizations: tuple[Organization, ...]
    on: dt.date | None
    role: Role
    during: Span | None = None
    columns = _COLUMNS_ON
    _held: Held
    _days: tuple[int | None, ...] | None = None

    def __init__(self, held: Held, organizations: Sequence[Organization], on: dt.date | None, role: Role,
                 notes: tuple[str, ...] = (), beyond_as_of: bool = False, during: Span | None = None,
                 days: tuple[int | None, ...] | None = None):
        # ``held`` is shared by every answer about a day in the same stretch of days: an answer
        # about a new day is made of references, and its Standings and title only when read.
        # The class's defaults stand for what most answers about a day have (no notes, no period).
        fields = self.__dict__  # filled at once: __setattr__'s checks guard what is done to an answer later
        organizations = organizations if type(organizations) is tuple else tuple(organizations)
        fields.update(organizations=organizations, on=on, role=role, _held=held, _items=held.entities, _ids=held.ids)
        if notes:
            fields["notes"] = notes
        if beyond_as_of:
            fields["beyond_as_of"] = beyond_as_of
        if during is not None:
            self._fill(during=during, columns=_COLUMNS_DURING, _days=days)  # days: each member's, beside held's

    def _make_title(self) -> str:
        orgs = " and ".join([o.abbreviation for o in self.organizations])
        return f"{self.role._value_}s of {orgs} " + (f"during {self.during}" if self.during else f"on {self.on}")

    @classmethod
    def of(cls, standings: Iterable[Standing], organizations: Sequence[Organization], on: dt.date | None,
           role: Role, notes: tuple[str, ...] = (), beyond_as_of: bool = False, during: Span | None = None) -> Members:
        """The answer listing ``standings``, in name order."""
        ordered = sorted(standings, key=lambda s: (s.entity.name, s.entity.id))
        days = tuple(s.days for s in ordered) if during else None
        return cls(Held.of(s.spells for s in ordered), organizations, on, role, notes, beyond_as_of, during, days)

    @property
    def _standing(self) -> Mapping[str, Standing]:
        """Member id -> its Standing, in name order: made when first read, since most answers are
        only looked through."""
        found: Mapping[str, Standing] | None = self.__dict__.get("_standings")
        if found is None:
            held, on, during = self._held, self.on, self.during
            days = self._days if self._days is not None else (None,) * len(held.entities)
            found = MappingProxyType({e.id: Standing(e, spells, on, during, n)
                                      for e, spells, n in zip(held.entities, held.spells, days)})
            object.__setattr__(self, "_standings", found)  # worked out once: answers never change
        return found

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._items

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [s.citations for s in self._standing.values()]

    @property
    def names(self) -> list[str]:
        return [entity.name for entity in self._items]

    def standing(self, entity: Entity | str) -> Standing:
        """Why ``entity`` (the entity, its id or any of its names) is in this answer."""
        known = self._standing.get(entity.id if isinstance(entity, Entity) else entity)  # an id first, as resolve()
        if known is not None:
            return known
        for standing in self._standing.values():
            if names_entity(standing.entity, entity):
                return standing
        raise KeyError(entity)

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
        return Members.of((merged[k] for k in keep), organizations, self.on, self.role,
                       tuple(dict.fromkeys((*self.notes, *other.notes))), self.beyond_as_of, self.during)

    def _restrict(self, keep: frozenset[str], title: str) -> Members:
        answer = Members.of((self._standing[k] for k in self._standing if k in keep), self.organizations, self.on,
                         self.role, self.notes, self.beyond_as_of, self.during)
        answer._retitle(title)
        return answer

    def __and__(self, other: object) -> Members:
        if isinstance(other, Members):
            return self._combine(other, self.ids & other.ids)
        if isinstance(other, Result):
            return self._restrict(self.ids & other.ids, f"{self.title} {other.restriction}")
        return NotImplemented

    def __or__(self, other: Members) -> Members:
        return self._combine(other, self.ids | other.ids)

    def __sub__(self, other: object) -> Members:
        if isinstance(other, Members):
            return self._combine(other, self.ids - other.ids)
        if isinstance(other, Result):
            return self._restrict(self.ids - other.ids, f"{self.title} {other.restriction}")
        return NotImplemented

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(spell for spells in self._held.spells for spell in spells)

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
                **({"days": s.days} if self.during is not None else {}),
                "frozen": s.frozen,
                "imprecise": s.imprecise,
                "sources": source_ids(s.citations),
            }
            for s in self._standing.values()
        ]


