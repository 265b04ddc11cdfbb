"""The indexes every question reads, built once from a dataset's records, and the one rule by which
a name, alias, code or entity is looked up.

Lookups that most questions never need (the names of every entity, the sentences of the articles)
are built on first use; spells are validated only when an index first hands them out.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Mapping as MappingABC
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar, overload

from .cited import Source
from .entities import Entity, Organization
from .errors import QueryError, UnknownNameError
from .facts import Event, Relation, Term
from .mentions import MentionIndex
from .names import NameIndex
from .records import Records, SharedSpells
from .spells import Spell
from .vocabulary import Role

T = TypeVar("T")
# Patterns, compiled (and cached by re) when first used: compiling every pattern at import would
# be a tenth of the start-up.
_ABBREVIATION = r"[A-Z]{2,6}"
_CODE = r"(?:(?P<scheme>cow|iso|COW|ISO)[: ]\s*)?(?P<number>[0-9]{1,3}|[Qq][1-9][0-9]*)"
E = TypeVar("E", bound=Entity)
EntityLike = str | Entity


class Index:
    """Spells, terms, relations and events by the entities they concern; entities by every name."""

    def __init__(self, records: Records):
        self.records = records
        # By id: each made when first asked for, for a compiled dataset (see records.Sections).
        self.entities: Mapping[str, Entity] = records.sections.entities
        self.sources: Mapping[str, Source] = records.sections.sources
        spells = records.shared_spells
        self.spells_of_organization = _SpellIndex(spells, spells.store.organizations)
        self.spells_of_member = _SpellIndex(spells, spells.store.members)
        self.answers: dict[tuple[object, ...], object] = {}  # remembered answers (alliances.answers)
        self._changes: dict[tuple[str, Role], _Changes] = {}  # by organization and role (held_on)
        self._common: dict[tuple[object, ...], Held] = {}  # members in common to several (held_on)
        self.derived: dict[tuple[object, ...], Any] = {}  # what a question works out once (alliances.covered)

    @cached_property
    def entity_ids(self) -> frozenset[str]:
        """Every entity's id: whether a string is one, without making its entity (alliances.answers)."""
        return frozenset(self.entities)

    @cached_property
    def terms_of_organization(self) -> Mapping[str, tuple[Term, ...]]:
        return _group(self.records.terms, lambda t: (t.organization.id,))

    @cached_property
    def terms_of_holder(self) -> Mapping[str, tuple[Term, ...]]:
        return _group(self.records.terms, lambda t: (t.holder.id,))

    @cached_property
    def relations_of(self) -> Mapping[str, tuple[Relation, ...]]:
        return _group(self.records.relation_records, lambda r: _ids(r.subject, r.object, r.via, r.declared_by))

    @cached_property
    def events_of(self) -> Mapping[str, tuple[Event, ...]]:
        return _group(self.records.events, lambda e: _ids(*e.participants))

    # -- the one lookup rule ------------------------------------------------------------------

    @overload
    def resolve(self, name: EntityLike) -> Entity: ...
    @overload
    def resolve(self, name: EntityLike, kind: type[E]) -> E: ...
    def resolve(self, name: EntityLike, kind: type[Entity] = Entity) -> Entity:
        """The entity known by ``name`` (an entity, its id, any name, alias or code, in any case
        and with or without accents), which must be a ``kind``.

        Raises :class:`~alliances.errors.UnknownNameError` (with suggestions) for an unknown name
        and :class:`~alliances.errors.QueryError` for an entity of another kind.
        """
        found = name if isinstance(name, Entity) else (self.entities.get(name) or self._lookup(name))
        if type(found) is not kind and not isinstance(found, kind):  # the exact type first: isinstance() is slow
            article = "an" if kind.__name__[0] in "AEIOU" else "a"
            raise QueryError(f"{found.name} is a {type(found).__name__.lower()}, not {article} {kind.__name__.lower()}")
        return found

    def _lookup(self, name: str) -> Entity:
        """A name through the name index; an unknown name that looks like an abbreviation ("NATOO")
        is matched against the organizations alone, so it is never offered states that share letters."""
        found = self.names.get(name) or self._by_code(name)
        if found is not None:
            return found
        if re.fullmatch(_ABBREVIATION, name.strip()):
            raise UnknownNameError(name, lambda: self._organizations_like(name), "organization or state")
        raise UnknownNameError(name, lambda: self.names.suggest(name), self.names.kind)

    def _by_code(self, name: str) -> Entity | None:
        """An entity by a code that is no name: a COW number ("705"), an ISO numeric code written with
        its leading zeros ("004") or marked ("iso:705"), a Wikidata QID ("Q232"). Only whole codes."""
        text = name.strip()
        match = re.fullmatch(_CODE, text)
        if match is None:
            return None
        scheme, number = (match.group("scheme") or "").lower(), match.group("number")
        if number.startswith("Q") or number.startswith("q"):
            return self.codes.get(("wikidata", number.upper()))
        if scheme == "iso" or (not scheme and len(number) == 3 and number.startswith("0")):
            return self.codes.get(("iso", number.zfill(3)))
        return self.codes.get(("cow", str(int(number))))

    @cached_property
    def codes(self) -> Mapping[tuple[str, str], Entity]:
        """(scheme, code) -> entity, for the codes that are not names. Where two records share a COW
        number (the SFRY and Serbia, 345), the one with ISO codes today keeps it."""
        found: dict[tuple[str, str], Entity] = {}
        for entity in sorted(self.entities.values(), key=lambda e: getattr(e, "iso2", None) is not None):
            if entity.wikidata:
                found[("wikidata", entity.wikidata)] = entity
            for scheme, code in (("cow", getattr(entity, "cow", None)), ("iso", getattr(entity, "iso_numeric", None))):
                if code is not None:
                    found[(scheme, str(code))] = entity
        return MappingProxyType(found)

    def _organizations_like(self, name: str) -> list[str]:
        organizations = [e for e in self.entities.values() if isinstance(e, Organization)]
        index, _ = NameIndex.build((o, (o.abbreviation, *(f.abbreviation for f in o.former_names if f.abbreviation)))
                                   for o in organizations)
        return index.suggest(name)

    def get(self, name: str) -> Entity | None:
        """Like :meth:`resolve`, but ``None`` for an unknown name."""
        return self.entities.get(name) or self.names.get(name)

    @cached_property
    def names(self) -> EntityNames:
        """Every name, alias and code of every entity (built on the first lookup that is not an id)."""
        return EntityNames(self.records.sections.name_index, self.entities)

    def source(self, key: str | Source) -> Source:
        if isinstance(key, Source):
            return key
        try:
            return self.sources[key]
        except KeyError:
            close = [k for k in self.sources if key.lower() in k.lower()][:3]
            raise UnknownNameError(key, close, "source") from None

    def text(self, source: str | Source) -> str:
        """The full text of an article kept in seeds/."""
        key = source.id if isinstance(source, Source) else source
        if key not in self.records.texts:
            raise UnknownNameError(key, list(self.records.texts)[:3], "article")
        return self.records.texts[key]

    def held_on(self, organizations: tuple[str, ...], role: Role, day: dt.date) -> Held:
        """Who held ``role`` in every one of ``organizations`` (ids) on ``day``, with the spells that
        put them there: a binary search in each organization's days of change (worked out the first
        time it is asked about), and the members in all of them worked out once per stretch of days."""
        if len(organizations) == 1:  # members(): no members in common to work out
            one = self._changes.get((organizations[0], role)) or self._changes_of(organizations[0], role)
            return one.held(bisect.bisect_right(one.days, day) - 1)  # one.position(day), without the call
        known = self._changes
        changes = [known.get((organization, role)) or self._changes_of(organization, role) for organization in organizations]
        positions = tuple([bisect.bisect_right(c.days, day) - 1 for c in changes])  # each c.position(day)
        key = (organizations, role, positions)
        found = self._common.get(key)
        if found is None:
            if len(self._common) >= _COMMON_KEPT:
                self._common.clear()
            found = self._common[key] = Held.common([c.held(p) for c, p in zip(changes, positions)])
        return found

    def _changes_of(self, organization: str, role: Role) -> _Changes:
        key = (organization, role)
        changes = self._changes.get(key)
        if changes is None:
            spells = [s for s in self.spells_of_organization.get(organization, ()) if s.role is role]
            changes = self._changes[key] = _Changes.build(spells)
        return changes

    @cached_property
    def mentions(self) -> MentionIndex:
        """Where each entity is named in each article (made on first use; a compiled dataset keeps
        the sentences naming each entity, and makes only the passages and entities an answer holds)."""
        return MentionIndex(self.records.named, self.sources, self.records.texts, self.entities.__getitem__)


class EntityNames:
    """Every name, alias and code of every entity, to its entity, built from the names alone: a
    lookup makes only the entity it finds."""

    def __init__(self, ids: NameIndex[str], entities: Mapping[str, Entity]):
        self._ids = ids
        self._entities = entities
        self.kind = ids.kind

    def get(self, name: str) -> Entity | None:
        key = self._ids.get(name)
        return self._entities[key] if key is not None else None

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        return self._ids.suggest(name, limit, label=lambda key: self._entities[key].name)


class Held(NamedTuple):
    """Who held a role in every one of some organizations from one day of change to the next: the
    members in name order, beside each the spells that put it there (one per organization), and
    their ids. Made once per stretch of days and shared by every answer about a day inside it."""

    entities: tuple[Entity, ...]
    spells: tuple[tuple[Spell, ...], ...]
    ids: frozenset[str]

    @classmethod
    def of(cls, spells: Iterable[tuple[Spell, ...]]) -> Held:
        """From each member's spells (each tuple's first spell names the member), in name order."""
        rows = tuple(spells)
        entities = tuple(row[0].member for row in rows)
        return cls(entities, rows, frozenset(e.id for e in entities))

    @classmethod
    def common(cls, held: Sequence[Held]) -> Held:
        """The members held in all of ``held``, each with its spells from every one. Every ``Held``
        lists its members in the same order (by name, then id), so filtering each keeps them aligned."""
        ids = held[0].ids.intersection(*(h.ids for h in held[1:]))
        columns = [[row for entity, row in zip(h.entities, h.spells) if entity.id in ids] for h in held]
        return cls.of(tuple(s for row in rows for s in row) for rows in zip(*columns))


NOBODY = Held((), (), frozenset())
_COMMON_KEPT = 4096  # members in common kept per combination of stretches; forgotten at once when full


class _Changes:
    """The days on which an organization's membership in one role changes, and who held it from
    each of them until the next: a new day is a binary search, not a scan of every spell."""

    def __init__(self, days: list[dt.date], running: list[tuple[Spell, ...]]):
        self.days = days  # sorted; running[i] runs from days[i] up to days[i + 1]
        self._running = running  # in the members' name order
        self._held: list[Held | None] = [None] * len(days)  # made from running[i] when first asked

    @classmethod
    def build(cls, spells: Sequence[Spell]) -> _Changes:
        members = sorted({s.member.id: s.member for s in spells}.values(), key=lambda e: (e.name, e.id))
        rank = {member.id: n for n, member in enumerate(members)}
        edges: dict[dt.date, list[tuple[bool, Spell]]] = defaultdict(list)
        for spell in spells:
            edges[spell.period.start].append((True, spell))
            if spell.period.end is not None:
                edges[spell.period.end].append((False, spell))
        days: list[dt.date] = []
        running: list[tuple[Spell, ...]] = []
        current: dict[int, Spell] = {}  # by the member's rank in name order
        for day in sorted(edges):
            for starts, spell in sorted(edges[day], key=lambda edge: edge[0]):  # ends first: a handover
                member = rank[spell.member.id]
                if starts:
                    current[member] = spell
                elif current.get(member) is spell:
                    del current[member]
            days.append(day)
            running.append(tuple(map(current.__getitem__, sorted(current))))
        return cls(days, running)

    def position(self, day: dt.date) -> int:
        """Which stretch of days ``day`` falls in; -1 before the first day of change."""
        return bisect.bisect_right(self.days, day) - 1

    def held(self, position: int) -> Held:
        if position < 0:
            return NOBODY
        found = self._held[position]
        if found is None:
            found = self._held[position] = Held.of((spell,) for spell in self._running[position])
        return found


class _SpellIndex(MappingABC[str, tuple[Spell, ...]]):
    """Key (an organization or member id) -> its spells, in the dataset's order, validated on first use."""

    def __init__(self, spells: SharedSpells, keys: tuple[str, ...]):
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


def _ids(*entities: Entity | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.id for e in entities if e is not None))


def _group(records: Iterable[T], keys: Callable[[T], tuple[str, ...]]) -> Mapping[str, tuple[T, ...]]:
    """A read-only index from each key to the records filed under it, in their original order."""
    groups: dict[str, list[T]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})
