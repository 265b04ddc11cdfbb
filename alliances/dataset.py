"""The Dataset: validated records, immutable, with the indexes every query reads.

Built only by :func:`alliances.loader.load` after every record has validated and every integrity
rule has passed, so a Dataset is never partly loaded. Nothing in it can be changed: records are
frozen models, collections are tuples and read-only mappings.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional

from .errors import UnknownNameError
from .model import DatasetInfo, Entity, Organization, Source, Spell, State
from .names import NameIndex
from .query import Queries


class Dataset(Queries):
    """Every state, organization, spell and source of one data directory, indexed."""

    def __init__(self, info: DatasetInfo, sources: tuple[Source, ...], texts: Mapping[str, str],
                 states: tuple[State, ...], organizations: tuple[Organization, ...],
                 spells: tuple[Spell, ...], root: Optional[Path] = None):
        self.info = info
        self.sources = sources
        self.states = states
        self.organizations = organizations
        self.spells = spells
        self.root = root
        self._texts = MappingProxyType(dict(texts))
        self._sources = MappingProxyType({s.id: s for s in sources})
        self._entities: Mapping[str, Entity] = MappingProxyType({e.id: e for e in (*states, *organizations)})
        self._names, _ = NameIndex.build(((e, e.names) for e in self._entities.values()), "state or organization")
        self.spells_of_organization = _group(spells, lambda s: s.organization.id)
        self.spells_of_member = _group(spells, lambda s: s.member.id)

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
        return self._names.lookup(name)

    def get(self, name: str) -> Optional[Entity]:
        """Like :meth:`resolve`, but ``None`` for an unknown name."""
        return self._names.get(name)

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
                f"{len(self.organizations)} organizations, {len(self.spells)} spells, {len(self.sources)} sources>")


def _group(spells: tuple[Spell, ...], key) -> Mapping[str, tuple[Spell, ...]]:  # type: ignore[no-untyped-def]
    groups: dict[str, list[Spell]] = defaultdict(list)
    for spell in spells:
        groups[key(spell)].append(spell)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})
