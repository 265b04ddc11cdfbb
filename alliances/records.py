"""Every section of a dataset in one value: what the loader and the compiled form build, and what
the index and the questions read.

:data:`SECTIONS` is the one list of the sections a data file may hold, in the order they are
validated (each may refer only to the ones before it); the loader, the compiled form and the
writer all follow it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Protocol

from .cited import Source
from .dates import PartialDate
from .entities import ENTITY_KINDS, Entity, Organization, Person, Region, State
from .facts import Claim, Event, Relation, Term
from .fields import Record, Rule, Text, record
from .frozen import Frozen, frozen
from .mentions import Named, find_named
from .names import NameIndex, by_first_word
from .spells import Spell

if TYPE_CHECKING:
    from pathlib import Path


@record
class DatasetInfo(Record):
    """The dataset's own version and the day its facts were last checked."""

    version: Annotated[str, Rule(pattern=r"^[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,3}$")]
    as_of: PartialDate
    title: Text
    license: Text | None = None


@frozen
class Section(Frozen):
    """One section of the data files: its key in a file, its attribute on :class:`Records`, its model."""

    key: str
    attribute: str
    model: type[Record]
    entities: bool = False  # its records share the one namespace of entity ids


SECTIONS: tuple[Section, ...] = (
    Section("sources", "sources", Source),
    Section("states", "states", State, entities=True),
    Section("organizations", "organizations", Organization, entities=True),
    Section("people", "people", Person, entities=True),
    Section("regions", "regions", Region, entities=True),
    Section("spells", "spells", Spell),
    Section("offices", "terms", Term),
    Section("relations", "relation_records", Relation),
    Section("events", "events", Event),
    Section("claims", "claims", Claim),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)


class SpellStore(Protocol):
    """Spells that may still be unvalidated (the compiled form keeps them as JSON text)."""

    organizations: tuple[str, ...]  # the organization id of each spell, in the dataset's order
    members: tuple[str, ...]  # the member id of each spell

    def validate(self, positions: list[int]) -> tuple[Spell, ...]: ...


class ValidatedSpells:
    """Spells validated already (read from YAML), seen as a :class:`SpellStore`."""

    def __init__(self, spells: Iterable[Spell]):
        self._spells = tuple(spells)
        self.organizations = tuple(s.organization.id for s in self._spells)
        self.members = tuple(s.member.id for s in self._spells)

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        return tuple(self._spells[i] for i in positions)


class SharedSpells:
    """Each spell of a store, validated the first time anything asks for it, and only once, so
    that every view (by organization, by member, all) shares the same objects."""

    def __init__(self, store: SpellStore):
        self.store = store
        self._done: list[Spell | None] = [None] * len(store.organizations)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._done)

    def get(self, positions: Iterable[int]) -> tuple[Spell, ...]:
        wanted = list(positions)
        missing = [i for i in wanted if self._done[i] is None]
        if missing:
            with self._lock:
                missing = [i for i in missing if self._done[i] is None]
                for i, spell in zip(missing, self.store.validate(missing) if missing else ()):
                    self._done[i] = spell
        return tuple(s for s in (self._done[i] for i in wanted) if s is not None)


class Names(NamedTuple):
    """The names of one entity: every name and code it is known by, and those an article may use."""

    names: tuple[str, ...]
    mention_names: tuple[str, ...]


class Kept(Protocol):
    """What a compiled dataset keeps beside its records, each part read when first asked for (see
    :class:`Sections`): the entities' names, the name index, and the sentences naming each entity."""

    def names(self) -> Mapping[str, Names]: ...

    def name_index(self) -> Mapping[str, str]: ...

    def mentions(self) -> Mapping[str, Sequence[Named]]: ...


class Sections:
    """Each section's records, and the sources and entities by id, made when first read.

    Records read from YAML are all made already. A compiled dataset makes a record only when a
    question first needs it (the CSTO and the members of its spells, not the 800 sources), and a
    whole section when one is read.
    """

    def __init__(self, sources: Mapping[str, Source], entities: Mapping[str, Entity],
                 makers: Mapping[str, Callable[[], tuple[Any, ...]]] | None = None,
                 made: Mapping[str, tuple[Any, ...]] | None = None, kept: Kept | None = None):
        self._makers = makers or {}
        self._made: dict[str, tuple[Any, ...]] = dict(made or {})
        self._lock = threading.Lock()
        self.sources = sources  # id -> source
        self.entities = entities  # id -> state, organization, person or region: one namespace
        self.kept = kept  # what a compiled dataset keeps beside its records
        self._names: Mapping[str, Names] | None = None
        self._name_index: NameIndex[str] | None = None
        self._mention_words: Mapping[str, Sequence[tuple[str, str]]] | None = None

    @property
    def names(self) -> Mapping[str, Names]:
        """Each entity's names, by id, in the dataset's order: its names and codes (``names``), and
        those an article may use (``mention_names``). A compiled dataset keeps them beside its
        records, so that reading them makes no entity."""
        if self._names is None and self.kept is not None:
            self._names = self.kept.names()
        elif self._names is None:  # read from YAML: every entity is made already
            self._names = {key: Names(e.names, e.mention_names) for key, e in self.entities.items()}
        return self._names

    @property
    def name_index(self) -> NameIndex[str]:
        """Every normalized name and code of every entity, to its id (kept by a compiled dataset on a
        line of its own: a lookup by name reads nothing else)."""
        if self._name_index is None:  # made once
            if self.kept is not None:  # read a name at a time: not copied
                self._name_index = NameIndex(MappingProxyType(self.kept.name_index()), ENTITY_KINDS)
            else:
                self._name_index, _ = NameIndex.build(((key, n.names) for key, n in self.names.items()), ENTITY_KINDS)
        return self._name_index

    @property
    def mention_words(self) -> Mapping[str, Sequence[tuple[str, str]]]:
        """The names an article may use, under their first word, with the id each names: what the
        search of the articles reads them by."""
        if self._mention_words is None:
            self._mention_words = by_first_word({key: n.mention_names for key, n in self.names.items()})
        return self._mention_words

    @classmethod
    def of(cls, sections: Mapping[str, Iterable[Any]]) -> Sections:
        """Sections of records made already, keyed by attribute."""
        made = {s.attribute: tuple(sections.get(s.attribute, ())) for s in SECTIONS if s.attribute != "spells"}
        entities = {e.id: e for s in SECTIONS if s.entities for e in made[s.attribute]}
        return cls({s.id: s for s in made["sources"]}, entities, made=made)

    def __getitem__(self, attribute: str) -> tuple[Any, ...]:
        found = self._made.get(attribute)
        if found is None:
            with self._lock:  # made once, so every reader shares the same objects
                found = self._made.get(attribute)
                if found is None:
                    found = self._made[attribute] = self._makers[attribute]()
        return found


@frozen(slots=False, eq=False)
class Records(Frozen):
    """Every validated record of one dataset, section by section; immutable."""

    info: DatasetInfo
    texts: Mapping[str, str]  # source id -> the full text of an article kept in seeds/
    shared_spells: SharedSpells
    sections: Sections
    location: str | None = None  # where the data was read from (see root)

    @classmethod
    def build(cls, info: DatasetInfo, texts: Mapping[str, str], sections: Sections | Mapping[str, Any],
              spells: SpellStore, root: str | os.PathLike[str] | None = None) -> Records:
        """The records from their sections (or each section's records, keyed by attribute)."""
        made = sections if isinstance(sections, Sections) else Sections.of(sections)
        return cls(info, MappingProxyType(dict(texts)), SharedSpells(spells), made, None if root is None else os.fspath(root))

    @property
    def root(self) -> Path | None:
        """The dataset root the data was read from."""
        from pathlib import Path  # made when asked for: a first answer does not import pathlib

        return None if self.location is None else Path(self.location)

    def parts(self) -> dict[str, Any]:
        """The fields of these records, to build a subclass from them (a Dataset)."""
        return {name: getattr(self, name) for name in Records.fields}

    def derived(self) -> dict[str, Any]:
        """What these records have already worked out (their cached properties), for a subclass
        built from them to share rather than work out again: writing the compiled form finds the
        sentences naming each entity and validates every spell."""
        return {name: value for name, value in vars(self).items() if isinstance(getattr(Records, name, None), cached_property)}

    @cached_property
    def spells(self) -> tuple[Spell, ...]:
        """Every membership spell, in the order of the data files."""
        return self.shared_spells.get(range(len(self.shared_spells)))

    @cached_property
    def named(self) -> Mapping[str, Sequence[Named]]:
        """For each entity id, the sentences of the articles that name it (``mentions.find_named``):
        kept by a compiled dataset, found in the articles' texts otherwise."""
        kept = self.sections.kept
        if kept is not None:
            return kept.mentions()
        articles = {key: text for key, text in self.texts.items() if key in self.sections.sources}
        order = {key: n for n, key in enumerate(self.sections.names)}
        return find_named(articles, self.sections.mention_words, order)

    def section(self, section: Section) -> tuple[Any, ...]:
        return self.spells if section.attribute == "spells" else self.sections[section.attribute]

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.sections["sources"]

    @property
    def states(self) -> tuple[State, ...]:
        return self.sections["states"]

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return self.sections["organizations"]

    @property
    def people(self) -> tuple[Person, ...]:
        return self.sections["people"]

    @property
    def regions(self) -> tuple[Region, ...]:
        return self.sections["regions"]

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.sections["terms"]

    @property
    def relation_records(self) -> tuple[Relation, ...]:
        return self.sections["relation_records"]

    @property
    def events(self) -> tuple[Event, ...]:
        return self.sections["events"]

    @property
    def claims(self) -> tuple[Claim, ...]:
        return self.sections["claims"]

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (*self.states, *self.organizations, *self.people, *self.regions)

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def as_of(self) -> str:
        return str(self.info.as_of)
