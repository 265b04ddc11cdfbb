"""The membership questions, answered from a dataset's indexes.

:class:`Queries` is mixed into :class:`~alliances.dataset.Dataset`; it needs only the indexes the
dataset builds (``spells_of_organization``, ``spells_of_member``) and ``resolve``. Every query date
may be a ``datetime.date`` or an ISO string and defaults to today; spells are read under the
widest-reading rule of :mod:`alliances.dates`.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Mapping, Optional, Sequence, TypeVar, Union

from .dates import DateLike, Period, to_date
from .errors import QueryError
from .model import Entity, Organization, Region, Role, Spell
from .relations import Event, Term
from .results import Entry, Members, Periods, SharedPeriod, Spells, Standing, Timeline

RoleLike = Union[Role, str]


def to_role(role: RoleLike) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise QueryError(f"unknown role {role!r}; the roles are {known}") from None


T = TypeVar("T")
_REMEMBERED = 4096  # answers kept; forgotten all at once when full
_PLAIN = (str, dt.date, Role, type(None))


def _question(kind: str, organizations: Sequence[object], on: object, role: object,
              region: object) -> Optional[tuple[object, ...]]:
    """The memo key of a question asked with plain values (names, dates), else None; no date means
    today, which is part of the key so that an answer never outlives its day."""
    values = (*organizations, on, role, region)
    if not all(isinstance(v, _PLAIN) for v in values):
        return None
    return (kind, tuple(organizations), on if on is not None else ("today", dt.date.today()), role, region)


def _on(spell: Spell, day: dt.date) -> bool:
    return day in spell.period


class Queries:
    """Membership queries; the dataset provides the indexes."""

    spells_of_organization: Mapping[str, tuple[Spell, ...]]
    spells_of_member: Mapping[str, tuple[Spell, ...]]
    _answers: dict[tuple[object, ...], object]  # remembered answers, keyed by the question as asked
    terms_of_organization: Mapping[str, tuple[Term, ...]]
    terms_of_holder: Mapping[str, tuple[Term, ...]]
    events_of: Mapping[str, tuple[Event, ...]]

    def resolve(self, name: str) -> Entity:  # provided by the dataset
        raise NotImplementedError

    region: Callable[[Union[str, Region]], Region]  # provided by RelationQueries

    def organization(self, name: Union[str, Organization]) -> Organization:
        """The organization known by ``name`` (a name, abbreviation, former name or id)."""
        entity = name if isinstance(name, Organization) else self.resolve(name)
        if not isinstance(entity, Organization):
            raise QueryError(f"{entity.name} is a state, not an organization")
        return entity

    def _entity(self, name: Union[str, Entity]) -> Entity:
        return name if isinstance(name, Entity) else self.resolve(name)

    def _spells_in(self, organization: Organization, role: Role) -> Iterable[Spell]:
        return (s for s in self.spells_of_organization.get(organization.id, ()) if s.role is role)

    def members(self, organization: Union[str, Organization], on: Optional[DateLike] = None,
                role: RoleLike = Role.MEMBER, region: Optional[str] = None) -> Members:
        """Who held ``role`` (default: full member) in ``organization`` on a date (default: today),
        only those in ``region`` when one is named."""
        return self.overlap(organization, on=on, role=role, region=region)

    def overlap(self, *organizations: Union[str, Organization], on: Optional[DateLike] = None,
                role: RoleLike = Role.MEMBER, region: Optional[str] = None) -> Members:
        """Who held ``role`` in every one of ``organizations`` at once on a date (default: today),
        only those in ``region`` when one is named."""
        if not organizations:
            raise QueryError("name at least one organization")
        key = _question("overlap", organizations, on, role, region)
        known = self._answers.get(key) if key else None
        if known is not None:
            return known  # type: ignore[no-any-return]
        day, wanted = to_date(on), to_role(role)
        orgs = [self.organization(o) for o in organizations]
        per_org = [{s.member.id: s for s in self._spells_in(o, wanted) if _on(s, day)} for o in orgs]
        common = set(per_org[0]).intersection(*per_org[1:])
        if region is not None:
            place = self.region(region)
            common &= {state.id for state in place.states}
        answer = Members((self._standing([found[m] for found in per_org], day) for m in common), orgs, day, wanted)
        if region is not None:
            answer._retitle(f"{answer.title} in {place.name}")
        return self._remember(key, answer)

    def _remember(self, key: Optional[tuple[object, ...]], answer: T) -> T:
        """Keep an answer for the same question asked again: answers never change, nor does the data."""
        if key is not None:
            if len(self._answers) >= _REMEMBERED:
                self._answers.clear()
            self._answers[key] = answer
        return answer

    @staticmethod
    def _standing(spells: Sequence[Spell], day: dt.date) -> Standing:
        return Standing(spells[0].member, tuple(spells), day)

    def overlap_periods(self, *organizations: Union[str, Organization],
                        role: RoleLike = Role.MEMBER) -> Periods:
        """Every period in which one member held ``role`` in all ``organizations`` at once."""
        if not organizations:
            raise QueryError("name at least one organization")
        key = _question("overlap_periods", organizations, None, role, None)
        known = self._answers.get(key) if key else None
        if known is not None:
            return known  # type: ignore[no-any-return]
        wanted = to_role(role)
        orgs = [self.organization(o) for o in organizations]
        shared: list[tuple[Entity, Period, tuple[Spell, ...]]] = [
            (s.member, s.period, (s,)) for s in self._spells_in(orgs[0], wanted)
        ]
        for org in orgs[1:]:
            spells = list(self._spells_in(org, wanted))
            shared = [
                (member, meet, (*chain, other))
                for member, period, chain in shared
                for other in spells
                if other.member.id == member.id and (meet := period.intersect(other.period)) is not None
            ]
        return self._remember(key, Periods((SharedPeriod(m, p, chain, _rests_on_imprecise(chain, p))
                                            for m, p, chain in shared), orgs, wanted))

    def memberships(self, member: Union[str, Entity], on: Optional[DateLike] = None,
                    role: Optional[RoleLike] = None) -> Spells:
        """The spells of ``member`` in any organization: all of them, or those running on a date."""
        key = _question("memberships", (member,), on, role, None)
        known = self._answers.get(key) if key else None
        if known is not None:
            return known  # type: ignore[no-any-return]
        entity = self._entity(member)
        spells: Iterable[Spell] = self.spells_of_member.get(entity.id, ())
        if role is not None:
            wanted = to_role(role)
            spells = [s for s in spells if s.role is wanted]
        title = f"memberships of {entity.name}"
        if on is not None:
            day = to_date(on)
            spells = [s for s in spells if _on(s, day)]
            title += f" on {day}"
        return self._remember(key, Spells(spells, title))

    def history(self, entity: Union[str, Entity]) -> Timeline:
        """Dated events of an entity (or of an organization and its members), with citations."""
        key = _question("history", (entity,), None, None, None)
        known = self._answers.get(key) if key else None
        if known is not None:
            return known  # type: ignore[no-any-return]
        found = self._entity(entity)
        events: list[Entry] = []
        if isinstance(found, Organization):
            events += _organization_events(found)
            events += [e for s in self.spells_of_organization.get(found.id, ()) for e in _spell_events(s)]
        events += [e for s in self.spells_of_member.get(found.id, ()) for e in _spell_events(s)]
        terms = dict.fromkeys((*self.terms_of_holder.get(found.id, ()), *self.terms_of_organization.get(found.id, ())))
        events += [e for t in terms for e in _term_entries(t)]
        events += [Entry(e.date, e.kind.value, e.title + (f" ({e.place})" if e.place else ""), e.citations)
                   for e in self.events_of.get(found.id, ())]
        return self._remember(key, Timeline(events, f"history of {found.name}"))


def _rests_on_imprecise(spells: Sequence[Spell], period: Period) -> bool:
    """True when the shared period's start or end comes from a date not known to the day."""
    for spell in spells:
        start_edge = spell.period.start == period.start and not spell.start.date.exact
        end_edge = spell.end is not None and spell.period.end == period.end and not spell.end.date.exact
        if start_edge or end_edge:
            return True
    return False


def _organization_events(org: Organization) -> list[Entry]:
    events = [Entry(org.founded.date, "founded", f"{org.instrument}: {org.name} founded", org.founded.citations)]
    for former in org.former_names:
        events.append(Entry(former.start, "named", f"known as {former.name}", former.citations))
    if org.dissolved:
        events.append(Entry(org.dissolved.date, "dissolved", f"{org.name} dissolved", org.dissolved.citations))
    return events


def _spell_events(spell: Spell) -> list[Entry]:
    who, org = spell.member.name, spell.organization.abbreviation
    events = [Entry(spell.start.date, "start", f"{who} becomes {spell.role} of {org} ({spell.start.how})",
                    spell.start.citations, spell)]
    if spell.end:
        events.append(Entry(spell.end.date, "end", f"{who} stops being {spell.role} of {org} ({spell.end.how})",
                            spell.end.citations, spell))
    for q in spell.qualifiers:
        events.append(Entry(q.start.date, q.kind.value, f"{who}: participation in {org} {q.kind}", q.start.citations, spell))
        if q.end:
            events.append(Entry(q.end.date, f"{q.kind}-ended", f"{who}: {q.kind} in {org} ends", q.end.citations, spell))
    return events


def _term_entries(term: Term) -> list[Entry]:
    post = f"{'acting ' if term.acting else ''}{term.post} of {term.organization.abbreviation}"
    entries = [Entry(term.start.date, "takes-office", f"{term.holder.name} becomes {post}", term.start.citations)]
    if term.end:
        entries.append(Entry(term.end.date, "leaves-office", f"{term.holder.name} stops being {post}", term.end.citations))
    return entries
