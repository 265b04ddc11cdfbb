"""History: the dated events of a state or organization (foundings, names, spells that start and
end, standing conditions, terms in office, summits), each with its citations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .answers import Result, Topic, date_fields, remembered, source_ids
from .cited import Citation
from .dates import PartialDate
from .entities import Entity, Organization
from .facts import Term
from .frozen import Frozen, frozen
from .index import EntityLike
from .membership import covered_organizations
from .spells import Spell


class HistoryQuestions(Topic):
    """The history question of a dataset."""

    @remembered
    def history(self, entity: EntityLike) -> Timeline:
        """Dated events of an entity (or of an organization and its members), with citations."""
        index = self.index
        found = index.resolve(entity)
        events: list[Entry] = []
        if isinstance(found, Organization):
            events += _organization_events(found)
            events += [e for s in index.spells_of_organization.get(found.id, ()) for e in _spell_events(s)]
        events += [e for s in index.spells_of_member.get(found.id, ()) for e in _spell_events(s)]
        terms = dict.fromkeys((*index.terms_of_holder.get(found.id, ()), *index.terms_of_organization.get(found.id, ())))
        events += [e for t in terms for e in _term_entries(t)]
        events += [Entry(e.date, e.kind.value, e.title + (f" ({e.place})" if e.place else ""), e.citations)
                   for e in index.events_of.get(found.id, ())]
        return Timeline(events, f"history of {found.name}", found, covered_organizations(index))


@frozen
class Entry(Frozen):
    """One dated line of an entity's history (a spell's start, a founding, a summit), with its citations."""

    date: PartialDate
    kind: str
    description: str
    citations: tuple[Citation, ...]
    spell: Spell | None = None

    def __str__(self) -> str:
        return f"{self.date}  {self.description}"


class Timeline(Result[Entry]):
    """Dated entries, earliest first."""

    columns = ("date", "date_precision", "event", "description", "sources")

    def __init__(self, events: Iterable[Entry], title: str = "", entity: Entity | None = None,
                 covered: tuple[Organization, ...] = ()):
        self._items = tuple(sorted(events, key=lambda e: (e.date.earliest(), e.kind != "founded")))
        self.title = title
        self.entity = entity
        self.covered = covered  # the organizations whose membership the data records: the ones searched
        if covered and not isinstance(entity, Organization):
            self.notes = (f"memberships searched in the {len(covered)} organizations the data records: "
                          + ", ".join(o.abbreviation for o in covered),)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,) if self.entity else ()

    @property
    def spells(self) -> tuple[Spell, ...]:
        return tuple(dict.fromkeys(e.spell for e in self._items if e.spell is not None))

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for entry in self._items:
            yield str(entry), entry.citations

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {**date_fields("date", e.date), "event": e.kind, "description": e.description,
             "sources": source_ids(e.citations)}
            for e in self._items
        ]


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
