"""The Dataset: validated records, immutable, with the indexes every query reads.

Built only by :func:`alliances.loader.load` after every record has validated and every integrity
rule has passed, so a Dataset is never partly loaded. Nothing in it can be changed: records are
frozen models, collections are tuples and read-only mappings.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Optional, TypeVar

from .errors import UnknownNameError
from .evidence import MentionIndex
from .model import DatasetInfo, Entity, Organization, Person, Region, Source, Spell, State
from .names import NameIndex
from .query import Queries
from .query_relations import RelationQueries
from .relations import Claim, Event, Relation, Term

T = TypeVar("T")


class Dataset(Queries, RelationQueries):
    """Every entity, spell, office, relation, event and source of one data directory, indexed."""

    def __init__(self, info: DatasetInfo, sources: tuple[Source, ...], texts: Mapping[str, str],
                 states: tuple[State, ...], organizations: tuple[Organization, ...],
                 spells: tuple[Spell, ...], root: Optional[Path] = None, *,
                 people: tuple[Person, ...] = (), regions: tuple[Region, ...] = (), terms: tuple[Term, ...] = (),
                 relations: tuple[Relation, ...] = (), events: tuple[Event, ...] = (), claims: tuple[Claim, ...] = ()):
        self.info = info
        self.sources = sources
        self.states = states
        self.organizations = organizations
        self.people = people
        self.regions = regions
        self.spells = spells
        self.terms = terms
        self.relation_records = relations
        self.events = events
        self.claims = claims
        self.root = root
        self._texts = MappingProxyType(dict(texts))
        self._sources = MappingProxyType({s.id: s for s in sources})
        everyone: tuple[Entity, ...] = (*states, *organizations, *people, *regions)
        self._entities: Mapping[str, Entity] = MappingProxyType({e.id: e for e in everyone})
        self.spells_of_organization = _group(spells, lambda s: (s.organization.id,))
        self.spells_of_member = _group(spells, lambda s: (s.member.id,))
        self.terms_of_organization = _group(terms, lambda t: (t.organization.id,))
        self.terms_of_holder = _group(terms, lambda t: (t.holder.id,))
        self.relations_of = _group(relations, lambda r: _ids(r.subject, r.object, r.via, r.declared_by))
        self.events_of = _group(events, lambda e: _ids(*e.participants))
        self._answers: dict[tuple[object, ...], object] = {}
        self._sealed = True

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError("a Dataset is read-only: load another one instead")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Dataset is read-only: load another one instead")

    @cached_property
    def _names(self) -> NameIndex[Entity]:
        """Every name, alias and code of every entity (built on the first lookup that is not an id)."""
        index, _ = NameIndex.build(((e, e.names) for e in self._entities.values()), "state, organization, person or region")
        return index

    @cached_property
    def mentions(self) -> MentionIndex:
        """Where each entity is named in each article (built on first use)."""
        articles = [s for s in self.sources if s.id in self._texts]
        return MentionIndex.build(articles, self._texts, self._entities.values())

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def as_of(self) -> str:
        return str(self.info.as_of)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(self._entities.values())

    def resolve(self, name: str) -> Entity:
        """The state or organization known by ``name``: any name, alias or code, any case or accents.

        Raises :class:`~alliances.errors.UnknownNameError` (a ``LookupError``) with suggestions.
        """
        if isinstance(name, Entity):
            return name
        return self._entities.get(name) or self._names.lookup(name)  # an id needs no index

    def get(self, name: str) -> Optional[Entity]:
        """Like :meth:`resolve`, but ``None`` for an unknown name."""
        return self._entities.get(name) or self._names.get(name)

    def source(self, key: str) -> Source:
        try:
            return self._sources[key]
        except KeyError:
            raise UnknownNameError(key, [k for k in self._sources if key.lower() in k.lower()][:3], "source") from None

    def text(self, source: Source | str) -> str:
        """The full text of an article kept in seeds/."""
        key = source.id if isinstance(source, Source) else source
        if key not in self._texts:
            raise UnknownNameError(key, list(self._texts)[:3], "article")
        return self._texts[key]

    def __repr__(self) -> str:
        return (f"<alliances.Dataset {self.version} as of {self.as_of}: {len(self.states)} states, "
                f"{len(self.organizations)} organizations, {len(self.spells)} spells, {len(self.terms)} terms, "
                f"{len(self.relation_records)} relations, {len(self.events)} events, {len(self.sources)} sources>")


def _ids(*entities: Optional[Entity]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.id for e in entities if e is not None))


def _group(records: Iterable[T], keys: Callable[[T], tuple[str, ...]]) -> Mapping[str, tuple[T, ...]]:
    """A read-only index from each key to the records filed under it, in their original order."""
    groups: dict[str, list[T]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})
