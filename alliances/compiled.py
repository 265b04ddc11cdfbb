"""The compiled form of a validated dataset: one JSON file, read back in one pass by pydantic.

Reading YAML is the expensive part of a load (see docs/performance.md), so the first load of a
given content writes what it validated as JSON, and every later load of the same content reads
that instead with ``model_validate_json`` (parsing and validation in Rust), skipping the YAML
reader and the integrity checks that the content already passed.

Trust comes from the key, never from the file: the key is a BLAKE2b hash of every byte of every data
file and article of every root, and of the library's own model and rule code, so any change to the
data or to the rules gives another key. A file whose recorded key differs is ignored. The file is
JSON (no format that can run code when read), written to a temporary file and renamed into place,
so a reader never sees half a file. It lives in the user's cache directory (``ALLIANCES_CACHE``,
else ``$XDG_CACHE_HOME/alliances``, else ``~/.cache/alliances``); ``ALLIANCES_CACHE=off`` turns
it off. Any failure to read or write it only means the YAML is read as before.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, ValidationInfo, field_validator

from .collector import paused_collection
from .dataset import Dataset
from .errors import AlliancesError
from .model import _CURRENT, DatasetInfo, Entity, Organization, Person, Region, Source, Spell, State, resolving
from .relations import Claim, Event, Relation, Term

try:  # CPython's own BLAKE2: fast, and without the start-up of OpenSSL that importing hashlib costs
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b

FORMAT = 1
# The code whose meaning a compiled file depends on: a change to any of it gives another key.
_CODE = ("reader.py", "sources.py", "model.py", "relations.py", "dates.py", "checks.py", "loader.py", "compiled.py",
         "names.py")


def cache_dir() -> Optional[Path]:
    """Where compiled files go, or None when the cache is turned off."""
    chosen = os.environ.get("ALLIANCES_CACHE", "").strip()
    if chosen.lower() in {"off", "0", "no", "false"}:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alliances"


def content_key(roots: Sequence[Path]) -> str:
    """A BLAKE2b hash of the library's rule code and of every file under each root's data/ and seeds/."""
    digest = _blake2b(f"alliances-compiled-{FORMAT}".encode(), digest_size=32)
    package = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    for number, root in enumerate(roots):
        for folder in ("data", "seeds"):
            base = root / folder
            files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
            for path in files:
                relative = f"{number}/{path.relative_to(root).as_posix()}"
                content = path.read_bytes()
                digest.update(f"{relative}\0{len(content)}\0".encode() + content)
    return digest.hexdigest()


class _Registry:
    """The resolver the models call while a compiled file is read: ids filled in section by section."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.texts: dict[str, str] = {}
        self.entities: dict[str, Entity] = {}

    def source(self, key: str) -> Source:
        return self.sources[key]

    def text(self, source: Source) -> str:
        return self.texts[source.id]

    def entity(self, key: str) -> Entity:
        return self.entities[key]


class Snapshot(BaseModel):
    """Everything a Dataset holds, in the order the sections may refer to each other."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal[1]
    key: str
    info: DatasetInfo
    sources: tuple[Source, ...]
    texts: dict[str, str]
    states: tuple[State, ...]
    organizations: tuple[Organization, ...]
    people: tuple[Person, ...]
    regions: tuple[Region, ...]
    # Spells, the bulk of a large dataset, stay JSON text until a query first needs them (an
    # organization's, a member's): then those are validated, once.
    spells: tuple[str, ...]  # each spell as JSON, in the dataset's order
    spell_organizations: tuple[str, ...]  # the organization id of each
    spell_members: tuple[str, ...]  # the member id of each
    terms: tuple[Term, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]

    # Fields validate in this order, so each section registers its records before the next
    # section's ids are resolved against them.
    @field_validator("sources")
    @classmethod
    def _register_sources(cls, value: tuple[Source, ...], info: ValidationInfo) -> tuple[Source, ...]:
        _registry(info).sources.update((s.id, s) for s in value)
        return value

    @field_validator("texts")
    @classmethod
    def _register_texts(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        _registry(info).texts.update(value)
        return value

    @field_validator("states", "organizations", "people", "regions")
    @classmethod
    def _register_entities(cls, value: tuple[Entity, ...], info: ValidationInfo) -> tuple[Entity, ...]:
        _registry(info).entities.update((e.id, e) for e in value)
        return value

    @classmethod
    def of(cls, key: str, ds: Dataset) -> Snapshot:
        spells = tuple(s.model_dump_json(exclude_defaults=True, exclude_none=True) for s in ds.spells)
        return cls.model_construct(
            format=FORMAT, key=key, info=ds.info, sources=ds.sources, texts=dict(ds._texts),
            states=ds.states, organizations=ds.organizations, people=ds.people, regions=ds.regions,
            spells=spells, spell_organizations=tuple(s.organization.id for s in ds.spells),
            spell_members=tuple(s.member.id for s in ds.spells),
            terms=ds.terms, relations=ds.relation_records, events=ds.events, claims=ds.claims)

    def dataset(self, root: Path, registry: _Registry) -> Dataset:
        store = _SpellStore(self.spells, self.spell_organizations, self.spell_members, registry)
        return Dataset(self.info, self.sources, self.texts, self.states, self.organizations, store,
                       root=root, people=self.people, regions=self.regions, terms=self.terms,
                       relations=self.relations, events=self.events, claims=self.claims)


class _SpellStore:
    """The spells of a compiled dataset, kept as JSON text (a ``dataset.SpellStore``)."""

    def __init__(self, texts: tuple[str, ...], organizations: tuple[str, ...], members: tuple[str, ...],
                 registry: _Registry):
        self._texts = texts
        self.organizations = organizations
        self.members = members
        self._registry = registry  # the sources and entities the spells refer to

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        """The spells at ``positions``, validated together in one pass."""
        batch = "[" + ",".join(self._texts[i] for i in positions) + "]"
        try:
            with resolving(self._registry), paused_collection():
                return _spells_adapter().validate_json(batch)
        except (ValidationError, KeyError) as exc:  # only a compiled file changed behind our back
            raise AlliancesError(f"the compiled dataset in {cache_dir()} is damaged ({type(exc).__name__}); "
                                 "delete it, or set ALLIANCES_CACHE=off") from exc


@lru_cache(maxsize=1)
def _spells_adapter() -> TypeAdapter[tuple[Spell, ...]]:
    return TypeAdapter(tuple[Spell, ...])


def _registry(info: ValidationInfo) -> _Registry:
    registry = _CURRENT.get()
    assert isinstance(registry, _Registry), "a snapshot is read only by read()"
    return registry


def _path(key: str) -> Optional[Path]:
    folder = cache_dir()
    return folder / f"dataset-{key[:32]}.json" if folder else None


def read(key: str, root: Path) -> Optional[Dataset]:
    """The dataset compiled under ``key``, or None if there is none (or it cannot be trusted)."""
    path = _path(key)
    if path is None or not path.is_file():
        return None
    try:
        raw = path.read_bytes()
        registry = _Registry()
        with resolving(registry):
            snapshot = Snapshot.model_validate_json(raw)
    except (OSError, ValidationError, KeyError, ValueError):
        return None
    return snapshot.dataset(root, registry) if snapshot.key == key else None


def write(key: str, ds: Dataset) -> None:
    """Write ``ds`` compiled under ``key``, atomically; a failure is silent (the cache is optional)."""
    path = _path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = Snapshot.of(key, ds).model_dump_json(exclude_defaults=True, exclude_none=True)
        import tempfile  # only when writing

        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, path)
    except (OSError, ValueError, TypeError):
        try:
            os.unlink(temporary)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass

