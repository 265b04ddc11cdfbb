"""Typed results of the questions beyond membership: terms in office, links, regions, passages.

They share :class:`~alliances.results.Result`: read-only sequences that print as tables, turn into
rows with ``to_records()``, and carry ``citations`` and ``explain()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .dates import PartialDate, uncertain_on
from .evidence import Passage
from .model import Citation, Entity, Region, Source, Spell
from .relations import Claim, Term
from .results import Result, describe_citation, distinct


class _Cited(Result[Any]):
    """A result whose items each carry their own citations (``_citations_of``)."""

    @staticmethod
    def _citations_of(item: Any) -> tuple[Citation, ...]:
        return tuple(item.citations)

    @property
    def spells(self) -> tuple[Spell, ...]:
        return ()

    @property
    def citations(self) -> tuple[Citation, ...]:
        return distinct(c for item in self._items for c in self._citations_of(item))

    def explain(self) -> str:
        lines = [self.title] if self.title else []
        for item in self._items:
            lines.append(f"- {item}")
            lines += [f"    {describe_citation(c)}" for c in self._citations_of(item)]
        return "\n".join(lines)


def _sources(citations: Iterable[Citation]) -> list[str]:
    return sorted({c.source.id for c in citations})


def _date(value: Optional[PartialDate]) -> Optional[str]:
    return str(value) if value is not None else None


class Terms(_Cited):
    """Terms in office, earliest first; those running on ``on`` when a day was asked about."""

    def __init__(self, terms: Iterable[Term], title: str = "", on: Optional[dt.date] = None):
        self._items = tuple(sorted(terms, key=lambda t: (t.start.date.earliest(), t.organization.id, t.post.value)))
        self.title = title
        self.on = on

    @property
    def holders(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(t.holder for t in self._items))

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
             "body": t.body, "acting": t.acting, "start": str(t.start.date), "end": _date(t.end.date if t.end else None),
             **({"imprecise": t in imprecise} if self.on else {}), "sources": _sources(t.citations)}
            for t in self._items
        ]


@dataclass(frozen=True)
class Link:
    """One way two entities are linked: a relation, a membership, a shared organization, an event."""

    kind: str
    subject: Entity
    object: Entity
    description: str
    start: Optional[PartialDate]
    end: Optional[PartialDate]
    citations: tuple[Citation, ...]
    via: Optional[Entity] = None
    record: Any = None  # the Relation, Spell(s), Term or Event behind the link

    def __str__(self) -> str:
        when = f" from {self.start}" if self.start else ""
        until = f" until {self.end}" if self.end else ""
        return f"{self.description}{when}{until}"


class Links(_Cited):
    """Links between entities, earliest first."""

    def __init__(self, links: Iterable[Link], title: str = ""):
        self._items = tuple(sorted(links, key=lambda k: (k.start.earliest() if k.start else dt.date.min, k.kind)))
        self.title = title

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(link.kind for link in self._items)

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"kind": k.kind, "subject": k.subject.id, "object": k.object.id, "via": k.via.id if k.via else None,
             "start": _date(k.start), "end": _date(k.end), "description": k.description,
             "sources": _sources(k.citations)}
            for k in self._items
        ]


class RegionStates(_Cited):
    """The states of a region, in name order; ``&`` with a members answer keeps those in the region."""

    def __init__(self, region: Region, states: Iterable[Entity], title: str = ""):
        self.region = region
        self._items = tuple(sorted(states, key=lambda e: (e.name, e.id)))
        self.title = title or f"states of {region.name} ({region.standard}{' ' + region.code if region.code else ''})"

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self._items)

    def __contains__(self, entity: object) -> bool:
        key = entity.id if isinstance(entity, Entity) else entity
        return key in self.ids or any(key == e.name for e in self._items)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return distinct(self.region.citations)

    def explain(self) -> str:
        lines = [self.title, *(f"- {e.name}" for e in self._items)]
        lines += [f"    {describe_citation(c)}" for c in self.citations]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        return [{"id": e.id, "name": e.name, "iso3": getattr(e, "iso3", None), "region": self.region.id}
                for e in self._items]


class Passages(_Cited):
    """Sentences of the articles, in article and text order, each slicing its article exactly."""

    def __init__(self, passages: Iterable[Passage], title: str = ""):
        self._items = tuple(passages)
        self.title = title

    @staticmethod
    def _citations_of(item: Passage) -> tuple[Citation, ...]:
        return (Citation(source=item.source, quote=item.text, start=item.start, end=item.end),)

    def explain(self) -> str:
        lines = [self.title] if self.title else []
        lines += [f"- [{p.source.id} {p.start}-{p.end}] {p.text}" for p in self._items]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        return [{"source": p.source.id, "start": p.start, "end": p.end, "text": p.text,
                 "mentions": [e.id for e in p.mentions]} for p in self._items]


class Articles(_Cited):
    """The articles kept in seeds/, with their metadata."""

    def __init__(self, articles: Iterable[Source], sizes: dict[str, int], title: str = "articles in seeds/"):
        self._items = tuple(sorted(articles, key=lambda s: (str(s.published or ""), s.id)))
        self._sizes = sizes
        self.title = title

    @staticmethod
    def _citations_of(item: Source) -> tuple[Citation, ...]:
        return ()

    def to_records(self) -> list[dict[str, Any]]:
        return [{"id": s.id, "title": s.title, "publisher": s.publisher, "published": _date(s.published),
                 "url": s.url, "file": s.file, "language": s.language, "characters": self._sizes.get(s.id)}
                for s in self._items]


@dataclass(frozen=True)
class ClaimCheck:
    """A source's claim about members, set against the data on every day the claim's date may mean."""

    claim: Claim
    in_data: frozenset[str]  # members in the data on every such day
    missing_in_data: tuple[str, ...]  # named by the source, not members in the data
    missing_in_source: tuple[str, ...]  # members in the data that a complete list leaves out

    @property
    def agrees(self) -> bool:
        return not self.missing_in_data and not self.missing_in_source

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.claim.citations

    def __str__(self) -> str:
        claim = self.claim
        verdict = "agrees with the data" if self.agrees else "DISAGREES with the data"
        named = ", ".join(m.name for m in claim.members)
        text = f"{claim.citations[0].source.id}: {claim.role}s of {claim.organization.abbreviation} on {claim.on} are {named}: {verdict}"
        if self.missing_in_data:
            text += f"; not members in the data: {', '.join(self.missing_in_data)}"
        if self.missing_in_source:
            text += f"; members the source leaves out: {', '.join(self.missing_in_source)}"
        return text


class Checks(_Cited):
    """The cross-check of what sources claim against the data."""

    def __init__(self, checks: Iterable[ClaimCheck], title: str = "sources checked against the data"):
        self._items = tuple(checks)
        self.title = title

    @property
    def agree(self) -> bool:
        return all(check.agrees for check in self._items)

    def to_records(self) -> list[dict[str, Any]]:
        return [{"source": c.claim.citations[0].source.id, "organization": c.claim.organization.id,
                 "role": c.claim.role.value, "on": str(c.claim.on), "claimed": sorted(m.id for m in c.claim.members),
                 "complete": c.claim.complete, "agrees": c.agrees, "missing_in_data": list(c.missing_in_data),
                 "missing_in_source": list(c.missing_in_source)} for c in self._items]
