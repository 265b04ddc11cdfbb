"""The Dataset: validated records, immutable, with the indexes every query reads.

Built only by :func:`alliances.loader.load` after every record has validated and every integrity
rule has passed, so a Dataset is never partly loaded. Nothing in it can be changed: records are
frozen models, collections are tuples and read-only mappings.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping as MappingABC
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping, Optional, Protocol, TypeVar, Union

from .errors import UnknownNameError
from .evidence import MentionIndex
from .model import DatasetInfo, Entity, Organization, Person, Region, Source, Spell, State
from .names import NameIndex
from .query import Queries
from .query_relations import RelationQueries
from .relations import Claim, Event, Relation, Term

T = TypeVar("T")


class SpellStore(Protocol):
    """Spells kept unvalidated until first asked for (see alliances.compiled)."""

    organizations: tuple[str, ...]  # the organization id of each spell, in the dataset's order
    members: tuple[str, ...]  # the member id of each spell

    def validate(self, positions: list[int]) -> tuple[Spell, ...]: ...


class Dataset(Queries, RelationQueries):
    """Every entity, spell, office, relation, event and source of one data directory, indexed."""

    def __init__(self, info: DatasetInfo, sources: tuple[Source, ...], texts: Mapping[str, str],
                 states: tuple[State, ...], organizations: tuple[Organization, ...],
                 spells: Union[tuple[Spell, ...], SpellStore], root: Optional[Path] = None, *,
                 people: tuple[Person, ...] = (), regions: tuple[Region, ...] = (), terms: tuple[Term, ...] = (),
                 relations: tuple[Relation, ...] = (), events: tuple[Event, ...] = (), claims: tuple[Claim, ...] = ()):
        self.info = info
        self.sources = sources
        self.states = states
        self.organizations = organizations
        self.people = people
        self.regions = regions
        self.terms = terms
        self.relation_records = relations
        self.events = events
        self.claims = claims
        self.root = root
        self._texts = MappingProxyType(dict(texts))
        self._sources = MappingProxyType({s.id: s for s in sources})
        everyone: tuple[Entity, ...] = (*states, *organizations, *people, *regions)
        self._entities: Mapping[str, Entity] = MappingProxyType({e.id: e for e in everyone})
        store = _Validated(spells) if isinstance(spells, tuple) else spells
        self._lazy = _LazySpells(store)
        self.spells_of_organization = _LazyIndex(self._lazy, store.organizations)
        self.spells_of_member = _LazyIndex(self._lazy, store.members)
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
    def spells(self) -> tuple[Spell, ...]:
        """Every membership spell, in the order of the data files."""
        return self._lazy.get(range(len(self._lazy.store.organizations)))

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
                f"{len(self.organizations)} organizations, {len(self._lazy.store.organizations)} spells, {len(self.terms)} terms, "
                f"{len(self.relation_records)} relations, {len(self.events)} events, {len(self.sources)} sources>")


class _Validated:
    """Spells validated already (read from YAML), seen as a ``SpellStore``."""

    def __init__(self, spells: tuple[Spell, ...]):
        self._spells = spells
        self.organizations = tuple(s.organization.id for s in spells)
        self.members = tuple(s.member.id for s in spells)

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        return tuple(self._spells[i] for i in positions)


class _LazySpells:
    """Each spell of a store, validated the first time any index asks for it, and only once, so
    that every view (by organization, by member, all) shares the same objects."""

    def __init__(self, store: SpellStore):
        self.store = store
        self._done: list[Optional[Spell]] = [None] * len(store.organizations)
        self._lock = threading.Lock()

    def get(self, positions: Iterable[int]) -> tuple[Spell, ...]:
        wanted = list(positions)
        missing = [i for i in wanted if self._done[i] is None]
        if missing:
            with self._lock:
                missing = [i for i in missing if self._done[i] is None]
                for i, spell in zip(missing, self.store.validate(missing) if missing else ()):
                    self._done[i] = spell
        return tuple(self._done[i] for i in wanted)  # type: ignore[misc]


class _LazyIndex(MappingABC):  # type: ignore[type-arg]
    """Key (an organization or member id) -> its spells, in the dataset's order, built on first use."""

    def __init__(self, spells: _LazySpells, keys: tuple[str, ...]):
        positions: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            positions[key].append(i)
        self._positions = {key: tuple(found) for key, found in positions.items()}
        self._spells = spells
        self._done: dict[str, tuple[Spell, ...]] = {}

    def __getitem__(self, key: str) -> tuple[Spell, ...]:
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = self._spells.get(self._positions[key])  # KeyError: no spells
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


def _ids(*entities: Optional[Entity]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.id for e in entities if e is not None))


def _group(records: Iterable[T], keys: Callable[[T], tuple[str, ...]]) -> Mapping[str, tuple[T, ...]]:
    """A read-only index from each key to the records filed under it, in their original order."""
    groups: dict[str, list[T]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})
