"""Links beyond membership: who held an office, the typed relations of an entity, every way two
entities are connected, and the states of a region; with the answers they return.

Dates may be a ``datetime.date``, an ISO string or "today"; ``on=None`` means "at any time" here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .answers import Result, Topic, date_fields, remembered, source_ids
from .cited import Citation
from .dates import DateLike, PartialDate, Span, SpanLike, to_date, to_span, uncertain_on, widest_period
from .entities import Entity, Organization, Region
from .errors import QueryError
from .facts import Event, Relation, Term
from .frozen import Frozen, frozen
from .index import EntityLike
from .spells import Spell
from .vocabulary import Post, RelationKind, Role, to_post


class LinkQuestions(Topic):
    """The questions of a dataset on offices, relations, connections and regions."""

    # -- offices ------------------------------------------------------------------------------

    @remembered
    def office_holders(self, organization: str | Organization, post: str,
                       on: DateLike | None = None, during: SpanLike | None = None) -> Terms:
        """Who held ``post`` in ``organization``: on a date, at any time ``during`` a period, or every
        holder when neither is given.

        Post names are forgiving: "Secretary General", "secretary_general", "chairmanship".
        """
        org, wanted = self.index.resolve(organization, Organization), _post(post)
        terms = [t for t in self.index.terms_of_organization.get(org.id, ()) if t.post is wanted]
        return _terms_on(terms, on, during, f"{wanted} of {org.abbreviation}")

    @remembered
    def offices(self, holder: EntityLike, on: DateLike | None = None) -> Terms:
        """The posts a person (or, for a chair, a state) held: all of them, or those held on a date."""
        found = self.index.resolve(holder)
        return _terms_on(self.index.terms_of_holder.get(found.id, ()), on, None, f"offices held by {found.name}")

    # -- relations and connections ------------------------------------------------------------

    @remembered
    def relations(self, entity: EntityLike, kind: str | None = None, on: DateLike | None = None,
                  during: SpanLike | None = None) -> Links:
        """The typed relations of ``entity`` (either side, or the organization they run through).

        Between organizations, a membership or observer status (the OTS observer at the ECO) is a
        relation too, with the spell's direction: the member is the subject.
        """
        found = self.index.resolve(entity)
        links = [_relation_link(r) for r in self.index.relations_of.get(found.id, ())]
        links += [_spell_link(s) for s in self._organization_spells(found)]
        if kind is not None:
            links = [k for k in links if k.kind == _kind(kind)]
        title = f"relations of {found.name}" + (f" ({kind})" if kind else "")
        return _dated(links, on, title, during)

    def _organization_spells(self, entity: Entity) -> Iterator[Spell]:
        if not isinstance(entity, Organization):
            return
        for spell in (*self.index.spells_of_member.get(entity.id, ()), *self.index.spells_of_organization.get(entity.id, ())):
            if isinstance(spell.member, Organization):
                yield spell

    @remembered
    def connections(self, a: EntityLike, b: EntityLike, on: DateLike | None = None) -> Links:
        """Every way two entities are linked: organizations both belonged to (and when), membership of
        one in the other, relations, offices, events both took part in, and regions."""
        first, second = self.index.resolve(a), self.index.resolve(b)
        if first.id == second.id:
            raise QueryError(f"name two different entities, not {first.name} twice")
        links = [*self._shared_organizations(first, second)]
        for x, y in ((first, second), (second, first)):
            links += [_spell_link(s) for s in self.index.spells_of_member.get(x.id, ()) if s.organization.id == y.id]
            links += [_term_link(t) for t in self.index.terms_of_holder.get(x.id, ()) if t.organization.id == y.id]
            if isinstance(y, Region) and any(s.id == x.id for s in y.states):
                links.append(_region_link(x, y))
        links += [_relation_link(r) for r in self.index.relations_of.get(first.id, ())
                  if second.id in {e.id for e in (r.subject, r.object, r.via, r.declared_by) if e is not None}]
        links += [_event_link(e, first, second) for e in self.index.events_of.get(first.id, ())
                  if any(p.id == second.id for p in e.participants)]
        links += [_region_link(first, r, second) for r in self.index.records.regions
                  if {first.id, second.id} <= {s.id for s in r.states}]
        return _dated(links, on, f"connections between {first.name} and {second.name}")

    def _shared_organizations(self, a: Entity, b: Entity) -> Iterator[Link]:
        theirs = self.index.spells_of_member.get(b.id, ())
        for mine in self.index.spells_of_member.get(a.id, ()):
            for other in theirs:
                if other.organization.id != mine.organization.id:
                    continue
                shared = mine.period.intersect(other.period)
                if shared is None:
                    continue
                start = max((mine.start.date, other.start.date), key=PartialDate.earliest)
                ends = [s.end.date for s in (mine, other) if s.end]
                end = min(ends, key=PartialDate.latest) if ends and shared.end else None
                roles = mine.role.value if mine.role is other.role else f"{mine.role} and {other.role}"
                yield Link("co-membership", a, b, f"{a.name} and {b.name}: both {roles}s of {mine.organization.name}",
                           start, end, (*mine.citations, *other.citations), mine.organization, (mine, other))

    # -- regions ------------------------------------------------------------------------------

    def region(self, name: str | Region) -> Region:
        """The region known by ``name`` ("Central Asia", its M49 code's region id, an alias)."""
        return self.index.resolve(name, Region)

    @remembered
    def in_region(self, region: str | Region) -> RegionStates:
        """The states of a region, with the standard its list follows and the citations behind it.

        Combine it with a members answer: ``members("CSTO") & in_region("Central Asia")``, or ask
        ``members("CSTO", region="Central Asia")``.
        """
        found = self.index.resolve(region, Region)
        return RegionStates(found, found.states)


def _terms_on(terms: Iterable[Term], on: DateLike | None, during: SpanLike | None, title: str) -> Terms:
    """All the terms, those running on ``on``, or those running at some time ``during`` a period."""
    if on is not None and during is not None:
        raise QueryError("ask about a day (on) or a period (during), not both")
    if during is not None:
        span = to_span(during)
        return Terms([t for t in terms if t.period.overlaps(span.period)], f"{title} during {span}", during=span)
    if on is None:
        return Terms(terms, title)
    day = to_date(on)
    return Terms([t for t in terms if day in t.period], f"{title} on {day}", on=day)


def _post(post: str) -> Post:
    try:
        return to_post(post)
    except LookupError as exc:
        raise QueryError(str(exc)) from None


_KINDS = {*(k.value for k in RelationKind), *(r.value for r in Role)}


def _kind(kind: str) -> str:
    key = str(kind).strip().casefold().replace("_", "-")
    if key not in _KINDS:
        raise QueryError(f"unknown relation kind {kind!r}; the kinds are {', '.join(sorted(_KINDS))}")
    return key


def _dated(links: list[Link], on: DateLike | None, title: str, during: SpanLike | None = None) -> Links:
    if on is not None and during is not None:
        raise QueryError("ask about a day (on) or a period (during), not both")
    if during is not None:
        span = to_span(during)
        return Links([k for k in links if _running_within(k, span)], f"{title} during {span}")
    if on is None:
        return Links(links, title)
    day = to_date(on)
    return Links([k for k in links if _running(k, day)], f"{title} on {day}")


def _running_within(link: Link, span: Span) -> bool:
    if link.start is None:
        return True
    if link.kind == "event":
        return link.start.earliest() <= span.last and span.first <= link.start.latest()
    return widest_period(link.start, link.end).overlaps(span.period)


def _running(link: Link, day: dt.date) -> bool:
    if link.start is None:
        return True  # undated (a region's states)
    if link.kind == "event":
        return link.start.earliest() <= day <= link.start.latest()
    return day in widest_period(link.start, link.end)


def _relation_link(relation: Relation) -> Link:
    return Link(relation.kind.value, relation.subject, relation.object, str(relation), relation.start.date,
                relation.end.date if relation.end else None, relation.citations, relation.via, relation)


def _spell_link(spell: Spell) -> Link:
    description = f"{spell.member.name} is {spell.role} of {spell.organization.name}"
    return Link(spell.role.value, spell.member, spell.organization, description, spell.start.date,
                spell.end.date if spell.end else None, spell.citations, None, spell)


def _term_link(term: Term) -> Link:
    return Link("office", term.holder, term.organization, str(term), term.start.date,
                term.end.date if term.end else None, term.citations, None, term)


def _event_link(event: Event, a: Entity, b: Entity) -> Link:
    return Link("event", a, b, f"both at {event.title}" + (f" ({event.place})" if event.place else ""),
                event.date, None, event.citations, None, event)


def _region_link(a: Entity, region: Region, b: Entity | None = None) -> Link:
    if b is None:
        return Link("region", a, region, f"{a.name} is in {region.name} ({region.standard})", None, None,
                    region.citations, None, region)
    return Link("same-region", a, b, f"{a.name} and {b.name} are both in {region.name} ({region.standard})",
                None, None, region.citations, region, region)


# -- answers --------------------------------------------------------------------------------------


class Terms(Result[Term]):
    """Terms in office, earliest first; those running on ``on`` when a day was asked about."""

    def __init__(self, terms: Iterable[Term], title: str = "", on: dt.date | None = None, during: Span | None = None):
        self._items = tuple(sorted(terms, key=lambda t: (t.start.date.earliest(), t.organization.id, t.post.value)))
        self.title = title
        self.on = on
        self.during = during
        self.columns = ("holder", "name", "organization", "post", "body", "acting", "start", "start_precision",
                        "end", "end_precision", *(("imprecise",) if on else ()), "sources")

    @property
    def holders(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(t.holder for t in self._items))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.holders

    @property
    def imprecise(self) -> tuple[Term, ...]:
        """The terms whose holding on the day asked rests on a date known only to the month or year."""
        if self.on is None:
            return ()
        return tuple(t for t in self._items if uncertain_on(t.start.date, t.end.date if t.end else None, self.on))

    def to_records(self) -> list[dict[str, Any]]:
        imprecise = self.imprecise
        return [
            {"holder": t.holder.id, "name": t.holder.name, "organization": t.organization.id, "post": t.post.value,
             "body": t.body, "acting": t.acting, **date_fields("start", t.start.date),
             **date_fields("end", t.end.date if t.end else None),
             **({"imprecise": t in imprecise} if self.on else {}), "sources": source_ids(t.citations)}
            for t in self._items
        ]


@frozen
class Link(Frozen):
    """One way two entities are linked: a relation, a membership, a shared organization, an event."""

    kind: str
    subject: Entity
    object: Entity
    description: str
    start: PartialDate | None
    end: PartialDate | None
    citations: tuple[Citation, ...]
    via: Entity | None = None
    record: Any = None  # the Relation, Spell(s), Term or Event behind the link

    def __str__(self) -> str:
        when = f" from {self.start}" if self.start else ""
        until = f" until {self.end}" if self.end else ""
        return f"{self.description}{when}{until}"


class Links(Result[Link]):
    """Links between entities, earliest first."""

    columns = ("kind", "subject", "object", "via", "start", "start_precision", "end", "end_precision",
               "description", "sources")

    def __init__(self, links: Iterable[Link], title: str = ""):
        self._items = tuple(sorted(links, key=lambda k: (k.start.earliest() if k.start else dt.date.min, k.kind)))
        self.title = title

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(link.kind for link in self._items)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(e for k in self._items for e in (k.subject, k.object)))

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"kind": k.kind, "subject": k.subject.id, "object": k.object.id, "via": k.via.id if k.via else None,
             **date_fields("start", k.start), **date_fields("end", k.end), "description": k.description,
             "sources": source_ids(k.citations)}
            for k in self._items
        ]


class RegionStates(Result[Entity]):
    """The states of a region, in name order; ``&`` with a members answer keeps those in the region."""

    def __init__(self, region: Region, states: Iterable[Entity], title: str = ""):
        self.region = region
        self._items = tuple(sorted(states, key=lambda e: (e.name, e.id)))
        self.title = title or f"states of {region.name} ({region.standard}{' ' + region.code if region.code else ''})"

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._items

    columns = ("id", "name", "iso3", "region")

    @property
    def restriction(self) -> str:
        return f"in {self.region.name}"

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [self.region.citations for _ in self._items]

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        yield f"{self.region.name}: {', '.join(e.name for e in self._items)}", self.region.citations

    def to_records(self) -> list[dict[str, Any]]:
        return [{"id": e.id, "name": e.name, "iso3": getattr(e, "iso3", None), "region": self.region.id}
                for e in self._items]
