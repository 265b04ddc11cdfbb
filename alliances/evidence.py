"""Evidence from the articles: the articles kept in seeds/, the sentences that name entities, and
the cross-check of what the sources claim about membership against the data; with their answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .answers import Result, Topic, remembered
from .cited import Citation, Source
from .dates import PartialDate
from .entities import Entity
from .errors import QueryError
from .facts import Claim
from .frozen import Frozen, frozen
from .index import EntityLike
from .mentions import Passage
from .vocabulary import SourceKind


class EvidenceQuestions(Topic):
    """The questions of a dataset on its articles and what its sources claim."""

    @remembered
    def articles(self) -> Articles:
        """The articles kept in seeds/, with title, publisher, date and address."""
        kept = [s for s in self.index.records.sources if s.kind is SourceKind.ARTICLE and s.id in self.index.records.texts]
        return Articles(kept, {s.id: len(self.index.records.texts[s.id]) for s in kept})

    @remembered
    def passages(self, *entities: EntityLike, source: str | Source | None = None) -> Passages:
        """The sentences of the articles that name every one of ``entities``, by any name or alias.

        Each passage has ``.source``, ``.start``, ``.end`` and ``.text``, and ``.text`` is exactly
        the article's text from ``.start`` to ``.end``.
        """
        if not entities:
            raise QueryError("name at least one entity")
        found = [self.index.resolve(e) for e in entities]
        article = self.index.source(source) if isinstance(source, str) else source
        title = "passages naming " + " and ".join(e.name for e in found)
        return Passages(self.index.mentions.passages(found, article), title)

    @remembered
    def cross_check(self, source: str | Source | None = None) -> Checks:
        """Set what each source claims about an organization's members against the data.

        A claim dated to the month or year is checked on every day of that month or year: it
        agrees only if it holds on all of them.
        """
        wanted = self.index.source(source).id if isinstance(source, str) else (source.id if source else None)
        claims = [c for c in self.index.records.claims if wanted is None or any(x.source.id == wanted for x in c.citations)]
        return Checks(self._check_claim(c) for c in claims)

    def _check_claim(self, claim: Claim) -> ClaimCheck:
        days = _days(claim.on)
        found = [self.index.held_on((claim.organization.id,), claim.role, day).ids for day in days]
        always, ever = frozenset.intersection(*found), frozenset.union(*found)
        named = frozenset(m.id for m in claim.members)
        missing_in_source = tuple(sorted(ever - named)) if claim.complete else ()
        return ClaimCheck(claim, always, tuple(sorted(named - always)), missing_in_source)


def _days(date: PartialDate) -> list[dt.date]:
    first, last = date.earliest(), date.latest()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


# -- answers --------------------------------------------------------------------------------------


class Passages(Result[Passage]):
    """Sentences of the articles, in article and text order, each slicing its article exactly."""

    columns = ("source", "start", "end", "text", "mentions")

    def __init__(self, passages: Iterable[Passage], title: str = ""):
        self._items = tuple(passages)
        self.title = title

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(dict.fromkeys(e for p in self._items for e in p.mentions))

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for p, cited in zip(self._items, self.row_citations()):
            yield f"{p.source.id}, characters {p.start}-{p.end}", cited

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [(Citation(source=p.source, quote=p.text, start=p.start, end=p.end),) for p in self._items]

    def to_records(self) -> list[dict[str, Any]]:
        return [{"source": p.source.id, "start": p.start, "end": p.end, "text": p.text,
                 "mentions": [e.id for e in p.mentions]} for p in self._items]


class Articles(Result[Source]):
    """The articles kept in seeds/, with their metadata."""

    columns = ("id", "title", "publisher", "published", "url", "file", "language", "characters")

    def __init__(self, articles: Iterable[Source], sizes: dict[str, int], title: str = "articles in seeds/"):
        self._items = tuple(sorted(articles, key=lambda s: (str(s.published or ""), s.id)))
        self._sizes = sizes
        self.title = title

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        for source in self._items:
            yield f"[{source.id}] {source.title} ({source.publisher}) {source.url or ''}".rstrip(), ()

    def to_records(self) -> list[dict[str, Any]]:
        return [{"id": s.id, "title": s.title, "publisher": s.publisher, "published": str(s.published) if s.published else None,
                 "url": s.url, "file": s.file, "language": s.language, "characters": self._sizes.get(s.id)}
                for s in self._items]


@frozen
class ClaimCheck(Frozen):
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


class Checks(Result["ClaimCheck"]):
    """The cross-check of what sources claim against the data."""

    columns = ("source", "organization", "role", "on", "claimed", "complete", "agrees", "missing_in_data",
               "missing_in_source")

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
