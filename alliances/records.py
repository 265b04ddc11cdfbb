"""Every section of a dataset in one value: what the loader and the compiled form build, and what
the index and the questions read.

:data:`SECTIONS` is the one list of the sections a data file may hold, in the order they are
validated (each may refer only to the ones before it); the loader, the compiled form and the
writer all follow it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, Field

from .cited import Source
from .dates import PartialDate
from .entities import Entity, Organization, Person, Region, State
from .facts import Claim, Event, Relation, Term
from .fields import Frozen, Text
from .spells import Spell


class DatasetInfo(Frozen):
    """The dataset's own version and the day its facts were last checked."""

    version: Annotated[str, Field(pattern=r"^[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,3}$")]
    as_of: PartialDate
    title: Text
    license: Text | None = None


@dataclass(frozen=True)
class Section:
    """One section of the data files: its key in a file, its attribute on :class:`Records`, its model."""

    key: str
    attribute: str
    model: type[BaseModel]
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


@dataclass(frozen=True, eq=False, repr=False)
class Records:
    """Every validated record of one dataset, section by section; immutable."""

    info: DatasetInfo
    texts: Mapping[str, str]  # source id -> the full text of an article kept in seeds/
    shared_spells: SharedSpells
    root: Path | None = None  # where the data was read from
    sources: tuple[Source, ...] = ()
    states: tuple[State, ...] = ()
    organizations: tuple[Organization, ...] = ()
    people: tuple[Person, ...] = ()
    regions: tuple[Region, ...] = ()
    terms: tuple[Term, ...] = ()
    relation_records: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()

    @classmethod
    def build(cls, info: DatasetInfo, texts: Mapping[str, str], sections: Mapping[str, Any],
              spells: SpellStore, root: Path | None = None) -> Records:
        """The records from each section's tuple, keyed by the section's attribute."""
        from types import MappingProxyType

        given = {s.attribute: tuple(sections.get(s.attribute, ())) for s in SECTIONS if s.attribute != "spells"}
        return cls(info, MappingProxyType(dict(texts)), SharedSpells(spells), root, **given)

    def parts(self) -> dict[str, Any]:
        """The fields of these records, to build a subclass from them (a Dataset)."""
        return {f.name: getattr(self, f.name) for f in fields(Records)}

    @cached_property
    def spells(self) -> tuple[Spell, ...]:
        """Every membership spell, in the order of the data files."""
        return self.shared_spells.get(range(len(self.shared_spells)))

    def section(self, section: Section) -> tuple[Any, ...]:
        found: tuple[Any, ...] = getattr(self, section.attribute)
        return found

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (*self.states, *self.organizations, *self.people, *self.regions)

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def as_of(self) -> str:
        return str(self.info.as_of)

