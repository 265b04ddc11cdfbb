"""Membership: who belonged to an organization (or to several at once) on a day, who belonged to
all of them at the same time and when, and a member's own spells; with the answers they return.

Every query date may be a ``datetime.date`` or an ISO string and defaults to today; spells are read
under the widest-reading rule of :mod:`alliances.dates`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import covered
from .answers import Result, Topic, names_entity, remembered, source_ids
from .cited import Citation
from .dates import DateLike, Period, to_date, uncertain_on
from .entities import Entity, Organization, Region
from .errors import QueryError
from .index import EntityLike, Index
from .spells import Spell
from .vocabulary import Role

RoleLike = Role | str
OrganizationLike = str | Organization


def to_role(role: RoleLike) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise QueryError(f"unknown role {role!r}; the roles are {known}") from None


class MembershipQuestions(Topic):
    """The membership questions of a dataset."""

    @remembered
    def members(self, organization: OrganizationLike, on: DateLike | None = None,
                role: RoleLike = Role.MEMBER, region: str | None = None) -> Members:
        """Who held ``role`` (default: full member) in ``organization`` on a date (default: today),
        only those in ``region`` when one is named."""
        return self._members_of_all((organization,), on, role, region)

    @remembered
    def overlap(self, *organizations: OrganizationLike, on: DateLike | None = None,
                role: RoleLike = Role.MEMBER, region: str | None = None) -> Members:
        """Who held ``role`` in every one of ``organizations`` at once on a date (default: today),
        only those in ``region`` when one is named."""
        return self._members_of_all(organizations, on, role, region)

    def _members_of_all(self, organizations: Sequence[OrganizationLike], on: DateLike | None,
                        role: RoleLike, region: str | None) -> Members:
        if not organizations:
            raise QueryError("name at least one organization")
        day, wanted = to_date(on), to_role(role)
        orgs = [self.index.resolve(o, Organization) for o in organizations]
        notes = tuple(note for org in orgs for note in covered.require(org, wanted, day))
        standings = standing_on(self.index, orgs, day, wanted)
        beyond = day > self.index.records.info.as_of.latest()
        if region is None:
            return Members(standings.values(), orgs, day, wanted, notes, beyond)
        place = self.index.resolve(region, Region)
        inside = {state.id for state in place.states}
        answer = Members((s for key, s in standings.items() if key in inside), orgs, day, wanted, notes, beyond)
        answer._retitle(f"{answer.title} in {place.name}")
        return answer

    @remembered
    def overlap_periods(self, *organizations: OrganizationLike, role: RoleLike = Role.MEMBER) -> Periods:
        """Every period in which one member held ``role`` in all ``organizations`` at once."""
        if not organizations:
            raise QueryError("name at least one organization")
        wanted = to_role(role)
        orgs = [self.index.resolve(o, Organization) for o in organizations]
        for org in orgs:
            covered.require_role(org, wanted)
        shared: list[tuple[Entity, Period, tuple[Spell, ...]]] = [
            (s.member, s.period, (s,)) for s in spells_in(self.index, orgs[0], wanted)
        ]
        for org in orgs[1:]:
            spells = list(spells_in(self.index, org, wanted))
            shared = [
                (member, meet, (*chain, other))
                for member, period, chain in shared
                for other in spells
                if other.member.id == member.id and (meet := period.intersect(other.period)) is not None
            ]
        notes = tuple(note for org in orgs for note in covered.partial_notes(org, wanted))
        return Periods((SharedPeriod(m, p, chain, _rests_on_imprecise(chain, p)) for m, p, chain in shared),
                       orgs, wanted, notes)

    @remembered
    def memberships(self, member: EntityLike, on: DateLike | None = None,
                    role: RoleLike | None = None) -> Spells:
        """The spells of ``member`` in any organization: all of them, or those running on a date."""
        entity = self.index.resolve(member)
        spells: Iterable[Spell] = self.index.spells_of_member.get(entity.id, ())
        if role is not None:
            wanted = to_role(role)
            spells = [s for s in spells if s.role is wanted]
        title = f"memberships of {entity.name}"
        beyond = False
        if on is not None:
            day = to_date(on)
            spells = [s for s in spells if day in s.period]
            title += f" on {day}"
            beyond = day > self.index.records.info.as_of.latest()
        return Spells(spells, title, covered_organizations(self.index), beyond)


def covered_organizations(index: Index) -> tuple[Organization, ...]:
    """The organizations whose membership the data records: what a member's answer searched."""
    return tuple(o for o in index.records.organizations if o.coverage)


def spells_in(index: Index, organization: Organization, role: Role) -> Iterator[Spell]:
    return (s for s in index.spells_of_organization.get(organization.id, ()) if s.role is role)


def standing_on(index: Index, organizations: Sequence[Organization], day: dt.date, role: Role) -> dict[str, Standing]:
    """Member id -> why it held ``role`` in every one of ``organizations`` on ``day``."""
    per_org = [{s.member.id: s for s in spells_in(index, o, role) if day in s.period} for o in organizations]
    common = set(per_org[0]).intersection(*per_org[1:])
    return {m: Standing(per_org[0][m].member, tuple(found[m] for found in per_org), day) for m in common}


def _rests_on_imprecise(spells: Sequence[Spell], period: Period) -> bool:
    """True when the shared period's start or end comes from a date not known to the day."""
    for spell in spells:
        start_edge = spell.period.start == period.start and not spell.start.date.exact
        end_edge = spell.end is not None and spell.period.end == period.end and not spell.end.date.exact
        if start_edge or end_edge:
            return True
    return False


# -- answers --------------------------------------------------------------------------------------


class _SpellEvidence(Result[Any]):
    """An answer explained spell by spell."""

    @property
    def spells(self) -> tuple[Spell, ...]:
        raise NotImplementedError

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for spell in self.spells:
            yield str(spell), spell.citations


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

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for s in self.spells for c in s.citations)


class Members(_SpellEvidence):
    """Entities that answer a members or overlap question, in name order, with their evidence.

    Supports ``in`` (an entity, an id or any of its names), ``&``, ``|`` and ``-``; ``&`` and ``-``
    also take any other answer, by the entities it lists (a region's states).
    """

    def __init__(self, standings: Iterable[Standing], organizations: Sequence[Organization],
                 on: dt.date, role: Role, notes: tuple[str, ...] = (), beyond_as_of: bool = False):
        self.notes = notes
        self.beyond_as_of = beyond_as_of
        self._standing = {s.entity.id: s for s in sorted(standings, key=lambda s: (s.entity.name, s.entity.id))}
        self._items = tuple(s.entity for s in self._standing.values())
        self.organizations = tuple(organizations)
        self.on = on
        self.role = role
        orgs = " and ".join(o.abbreviation for o in self.organizations)
        self.title = f"{role.value}s of {orgs} on {on}"

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._items

    @property
    def names(self) -> list[str]:
        return [entity.name for entity in self._items]

    def standing(self, entity: Entity | str) -> Standing:
        """Why ``entity`` (the entity, its id or any of its names) is in this answer."""
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
        return Members((merged[k] for k in keep), organizations, self.on, self.role,
                       tuple(dict.fromkeys((*self.notes, *other.notes))), self.beyond_as_of)

    def _restrict(self, other: Result[Any], keep: frozenset[str]) -> Members:
        answer = Members((self._standing[k] for k in keep), self.organizations, self.on, self.role,
                         self.notes, self.beyond_as_of)
        answer._retitle(f"{self.title} {other.restriction}")
        return answer

    def __and__(self, other: object) -> Members:
        if isinstance(other, Members):
            return self._combine(other, self.ids & other.ids)
        if isinstance(other, Result):
            return self._restrict(other, self.ids & other.ids)
        return NotImplemented

    def __or__(self, other: Members) -> Members:
        return self._combine(other, self.ids | other.ids)

    def __sub__(self, other: object) -> Members:
        if isinstance(other, Members):
            return self._combine(other, self.ids - other.ids)
        if isinstance(other, Result):
            return self._restrict(other, self.ids - other.ids)
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
                "sources": source_ids(s.citations),
            }
            for s in self._standing.values()
        ]


class Spells(_SpellEvidence):
    """Membership spells, in date order; ``in`` finds a spell, or an organization by any name.

    ``covered`` names the organizations whose membership the data records, the ones searched:
    a member's answer lists its spells among these, and says nothing of any other.
    """

    def __init__(self, spells: Iterable[Spell], title: str = "", covered: tuple[Organization, ...] = (),
                 beyond_as_of: bool = False):
        self._items = tuple(sorted(spells, key=lambda s: (s.start.date.earliest(), s.organization.id, s.role.value)))
        self.title = title
        self.covered = covered
        self.beyond_as_of = beyond_as_of
        if covered:
            self.notes = (f"searched the {len(covered)} organizations whose membership the data records: "
                          + ", ".join(o.abbreviation for o in covered),)

    @property
    def spells(self) -> tuple[Spell, ...]:
        return self._items

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return tuple(dict.fromkeys(s.organization for s in self._items))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.organizations

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
        "sources": source_ids(spell.citations),
    }


@dataclass(frozen=True)
class SharedPeriod:
    """A period in which ``member`` belonged to every organization asked about."""

    member: Entity
    period: Period
    spells: tuple[Spell, ...]
    imprecise: bool = False


class Periods(_SpellEvidence):
    """Who belonged to all the organizations at the same time, and when."""

    def __init__(self, periods: Iterable[SharedPeriod], organizations: Sequence[Organization], role: Role,
                 notes: tuple[str, ...] = ()):
        self.notes = notes
        self._items = tuple(sorted(periods, key=lambda p: (p.member.name, p.period.start)))
        self.organizations = tuple(organizations)
        self.title = f"{role.value}s of {' and '.join(o.abbreviation for o in organizations)} at the same time"

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(dict.fromkeys(s for p in self._items for s in p.spells))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(p.member for p in self._items))

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": p.member.id,
                "name": p.member.name,
                "start": p.period.start.isoformat(),
                "end": p.period.end.isoformat() if p.period.end else None,
                "imprecise": p.imprecise,
                "sources": source_ids(c for s in p.spells for c in s.citations),
            }
            for p in self._items
        ]
