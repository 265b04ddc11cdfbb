"""A member's own memberships, and who belonged to several organizations at the same time (and
when); with the answers they return, ``Spells`` and ``Periods``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from . import covered
from .answers import Topic, date_fields, remembered, source_ids
from .cited import Citation
from .dates import DateLike, Period, Span, SpanLike, to_date, to_span
from .entities import Entity, Organization
from .errors import QueryError
from .frozen import Frozen, frozen
from .index import EntityLike
from .membership import OrganizationLike, RoleLike, _SpellEvidence, covered_organizations, spells_in, to_role
from .spells import Spell
from .vocabulary import Role


class MembershipsQuestions(Topic):
    """A member's spells, and shared periods across organizations."""

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
                    role: RoleLike | None = None, during: SpanLike | None = None) -> Spells:
        """The spells of ``member`` in any organization: all of them, those running on a date, or
        those that held at any time ``during`` a year, month or range ("2010..2015")."""
        if on is not None and during is not None:
            raise QueryError("ask about a day (on) or a period (during), not both")
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
        span = None
        if during is not None:
            span = to_span(during)
            spells = [s for s in spells if s.period.intersect(span.period) is not None]
            title += f" during {span}"
            beyond = span.last > self.index.records.info.as_of.latest()
        return Spells(spells, title, covered_organizations(self.index), beyond, span)



def _rests_on_imprecise(spells: Sequence[Spell], period: Period) -> bool:
    """True when the shared period's start or end comes from a date not known to the day."""
    for spell in spells:
        start_edge = spell.period.start == period.start and not spell.start.date.exact
        end_edge = spell.end is not None and spell.period.end == period.end and not spell.end.date.exact
        if start_edge or end_edge:
            return True
    return False



# -- answers --------------------------------------------------------------------------------------


class Spells(_SpellEvidence):
    """Membership spells, in date order; ``in`` finds a spell, or an organization by any name.

    ``covered`` names the organizations whose membership the data records, the ones searched:
    a member's answer lists its spells among these, and says nothing of any other.
    """

    def __init__(self, spells: Iterable[Spell], title: str = "", covered: tuple[Organization, ...] = (),
                 beyond_as_of: bool = False, during: Span | None = None):
        self._items = tuple(sorted(spells, key=lambda s: (s.start.date.earliest(), s.organization.id, s.role.value)))
        self.title = title
        self.during = during
        self.columns = SPELL_COLUMNS + (("days",) if during else ())
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
        rows = [spell_record(s) for s in self._items]
        if self.during is not None:
            for row, spell in zip(rows, self._items):
                meet = spell.period.intersect(self.during.period)
                row["days"] = (meet.end - meet.start).days if meet and meet.end else None
        return rows


SPELL_COLUMNS = ("member", "organization", "role", "start", "start_precision", "how", "end", "end_precision",
                 "ended_by", "qualifiers", "sources")


def spell_record(spell: Spell) -> dict[str, Any]:
    return {
        "member": spell.member.id,
        "organization": spell.organization.id,
        "role": spell.role.value,
        **date_fields("start", spell.start.date),
        "how": spell.start.how.value,
        **date_fields("end", spell.end.date if spell.end else None),
        "ended_by": spell.end.how.value if spell.end else None,
        "qualifiers": [{"kind": q.kind.value, "start": str(q.start.date), "end": str(q.end.date) if q.end else None}
                       for q in spell.qualifiers],
        "sources": source_ids(spell.citations),
    }


@frozen
class SharedPeriod(Frozen):
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
        self.columns = ("id", "name", "start", "end", "imprecise", "sources")
        self.title = f"{role.value}s of {' and '.join(o.abbreviation for o in organizations)} at the same time"

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(dict.fromkeys(s for p in self._items for s in p.spells))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(p.member for p in self._items))

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [tuple(c for s in p.spells for c in s.citations) for p in self._items]

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
