"""The questions beyond membership: offices, relations, connections, regions and the articles.

:class:`RelationQueries` is mixed into :class:`~alliances.dataset.Dataset` beside
:class:`~alliances.query.Queries`, and reads only the indexes the dataset builds. Dates may be a
``datetime.date``, an ISO string or "today"; ``on=None`` means "at any time" for these listings.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Iterator, Mapping, Optional, Union

from .dates import DateLike, PartialDate, to_date, widest_period
from .errors import QueryError
from .evidence import MentionIndex
from .model import Entity, Organization, Region, Role, Source, SourceKind, Spell
from .relation_results import Articles, Checks, ClaimCheck, Link, Links, Passages, RegionStates, Terms
from .relations import Claim, Event, Post, Relation, RelationKind, Term, to_post

EntityLike = Union[str, Entity]


class RelationQueries:
    """Queries on terms, relations, events, regions and articles; the dataset provides the indexes."""

    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    mentions: MentionIndex
    _texts: Mapping[str, str]
    spells_of_organization: Mapping[str, tuple[Spell, ...]]
    spells_of_member: Mapping[str, tuple[Spell, ...]]
    terms_of_organization: Mapping[str, tuple[Term, ...]]
    terms_of_holder: Mapping[str, tuple[Term, ...]]
    relations_of: Mapping[str, tuple[Relation, ...]]
    events_of: Mapping[str, tuple[Event, ...]]

    # provided by the dataset and by Queries
    resolve: Callable[[str], Entity]
    source: Callable[[str], Source]
    organization: Callable[[Union[str, Organization]], Organization]
    members: Callable[..., Iterable[Entity]]
    regions: tuple[Region, ...]

    def _one(self, name: EntityLike) -> Entity:
        return name if isinstance(name, Entity) else self.resolve(name)

    # -- offices ------------------------------------------------------------------------------

    def office_holders(self, organization: Union[str, Organization], post: str,
                       on: Optional[DateLike] = None) -> Terms:
        """Who held ``post`` in ``organization``: on a date, or every holder when ``on`` is None.

        Post names are forgiving: "Secretary General", "secretary_general", "chairmanship".
        """
        org, wanted = self.organization(organization), _post(post)
        terms = [t for t in self.terms_of_organization.get(org.id, ()) if t.post is wanted]
        return _terms_on(terms, on, f"{wanted} of {org.abbreviation}")

    def offices(self, holder: EntityLike, on: Optional[DateLike] = None) -> Terms:
        """The posts a person (or, for a chair, a state) held: all of them, or those held on a date."""
        found = self._one(holder)
        return _terms_on(self.terms_of_holder.get(found.id, ()), on, f"offices held by {found.name}")

    # -- relations and connections ------------------------------------------------------------

    def relations(self, entity: EntityLike, kind: Optional[str] = None, on: Optional[DateLike] = None) -> Links:
        """The typed relations of ``entity`` (either side, or the organization they run through).

        Between organizations, a membership or observer status (the OTS observer at the ECO) is a
        relation too, with the spell's direction: the member is the subject.
        """
        found = self._one(entity)
        links = [_relation_link(r) for r in self.relations_of.get(found.id, ())]
        links += [_spell_link(s) for s in self._organization_spells(found)]
        if kind is not None:
            links = [k for k in links if k.kind == _kind(kind)]
        title = f"relations of {found.name}" + (f" ({kind})" if kind else "")
        return _dated(links, on, title)

    def _organization_spells(self, entity: Entity) -> Iterator[Spell]:
        if not isinstance(entity, Organization):
            return
        for spell in (*self.spells_of_member.get(entity.id, ()), *self.spells_of_organization.get(entity.id, ())):
            if isinstance(spell.member, Organization):
                yield spell

    def connections(self, a: EntityLike, b: EntityLike, on: Optional[DateLike] = None) -> Links:
        """Every way two entities are linked: organizations both belonged to (and when), membership of
        one in the other, relations, offices, events both took part in, and regions."""
        first, second = self._one(a), self._one(b)
        if first.id == second.id:
            raise QueryError(f"name two different entities, not {first.name} twice")
        links = [*self._shared_organizations(first, second)]
        for x, y in ((first, second), (second, first)):
            links += [_spell_link(s) for s in self.spells_of_member.get(x.id, ()) if s.organization.id == y.id]
            links += [_term_link(t) for t in self.terms_of_holder.get(x.id, ()) if t.organization.id == y.id]
            if isinstance(y, Region) and any(s.id == x.id for s in y.states):
                links.append(_region_link(x, y))
        links += [_relation_link(r) for r in self.relations_of.get(first.id, ())
                  if second.id in {e.id for e in (r.subject, r.object, r.via, r.declared_by) if e is not None}]
        links += [_event_link(e, first, second) for e in self.events_of.get(first.id, ())
                  if any(p.id == second.id for p in e.participants)]
        links += [_region_link(first, r, second) for r in self.regions
                  if {first.id, second.id} <= {s.id for s in r.states}]
        return _dated(links, on, f"connections between {first.name} and {second.name}")

    def _shared_organizations(self, a: Entity, b: Entity) -> Iterator[Link]:
        theirs = self.spells_of_member.get(b.id, ())
        for mine in self.spells_of_member.get(a.id, ()):
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

    def region(self, name: Union[str, Region]) -> Region:
        """The region known by ``name`` ("Central Asia", its M49 code's region id, an alias)."""
        found = name if isinstance(name, Region) else self.resolve(name)
        if not isinstance(found, Region):
            raise QueryError(f"{found.name} is not a region")
        return found

    def in_region(self, region: Union[str, Region]) -> RegionStates:
        """The states of a region, with the standard its list follows and the citations behind it.

        Combine it with a members answer: ``members("CSTO") & in_region("Central Asia")``, or ask
        ``members("CSTO", region="Central Asia")``.
        """
        found = self.region(region)
        return RegionStates(found, found.states)

    # -- the articles -------------------------------------------------------------------------

    def articles(self) -> Articles:
        """The articles kept in seeds/, with title, publisher, date and address."""
        kept = [s for s in self.sources if s.kind is SourceKind.ARTICLE and s.id in self._texts]
        return Articles(kept, {s.id: len(self._texts[s.id]) for s in kept})

    def passages(self, *entities: EntityLike, source: Union[str, Source, None] = None) -> Passages:
        """The sentences of the articles that name every one of ``entities``, by any name or alias.

        Each passage has ``.source``, ``.start``, ``.end`` and ``.text``, and ``.text`` is exactly
        the article's text from ``.start`` to ``.end``.
        """
        if not entities:
            raise QueryError("name at least one entity")
        found = [self._one(e) for e in entities]
        article = self.source(source) if isinstance(source, str) else source
        title = "passages naming " + " and ".join(e.name for e in found)
        return Passages(self.mentions.passages(found, article), title)

    def cross_check(self, source: Union[str, Source, None] = None) -> Checks:
        """Set what each source claims about an organization's members against the data.

        A claim dated to the month or year is checked on every day of that month or year: it
        agrees only if it holds on all of them.
        """
        wanted = self.source(source).id if isinstance(source, str) else (source.id if source else None)
        claims = [c for c in self.claims if wanted is None or any(x.source.id == wanted for x in c.citations)]
        return Checks(self._check_claim(c) for c in claims)

    def _check_claim(self, claim: Claim) -> ClaimCheck:
        days = _days(claim.on)
        found = [frozenset(e.id for e in self.members(claim.organization, on=day, role=claim.role)) for day in days]
        always, ever = frozenset.intersection(*found), frozenset.union(*found)
        named = frozenset(m.id for m in claim.members)
        missing_in_source = tuple(sorted(ever - named)) if claim.complete else ()
        return ClaimCheck(claim, always, tuple(sorted(named - always)), missing_in_source)


def _terms_on(terms: Iterable[Term], on: Optional[DateLike], title: str) -> Terms:
    """All the terms, or those running on ``on``."""
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


def _days(date: PartialDate) -> list[dt.date]:
    first, last = date.earliest(), date.latest()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _dated(links: list[Link], on: Optional[DateLike], title: str) -> Links:
    if on is None:
        return Links(links, title)
    day = to_date(on)
    return Links([k for k in links if _running(k, day)], f"{title} on {day}")


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


def _region_link(a: Entity, region: Region, b: Optional[Entity] = None) -> Link:
    if b is None:
        return Link("region", a, region, f"{a.name} is in {region.name} ({region.standard})", None, None,
                    region.citations, None, region)
    return Link("same-region", a, b, f"{a.name} and {b.name} are both in {region.name} ({region.standard})",
                None, None, region.citations, region, region)

