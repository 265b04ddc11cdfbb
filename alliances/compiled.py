"""The compiled form of a validated dataset: one JSON file, read back in one pass by pydantic.

Reading YAML is the expensive part of a load (see docs/performance.md), so the first load of a
given content writes what it validated as JSON, and every later load of the same content reads
that instead with ``model_validate_json`` (parsing and validation in Rust), skipping the YAML
reader and the integrity checks that the content already passed.

Trust comes from the key and from the file's own checksum. The key (``content.py``) hashes the
very bytes the loader parsed, with the library's code: a load writes its records only when what it
read is what the key was made from. The file's first line names the format, the key, the
payload's length and its BLAKE2b digest; a file whose line does not match (another key, a
truncated or altered payload) is treated as absent, and the YAML is read. Should a part decoded
later (a batch of spells) fail even so, the file is removed and the spells are read from the
YAML: damage is a reason to fall back, never an error. The file is JSON (no format that can run
code when read), written to a temporary file and renamed into place, so a reader never sees half
a file. It lives in the user's cache (``cache.py``: where, its name, pruning); any failure to read
or write it only means the YAML is read as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, ValidationInfo, create_model, field_validator

from . import cache
from .cited import Source, current_resolver, resolving
from .collector import paused_collection, settle
from .content import Manifest, blake2b
from .entities import Entity
from .errors import AlliancesError
from .files import open_regular
from .records import SECTIONS, DatasetInfo, Records, SpellStore
from .spells import Spell

FORMAT = 1
MAX_COMPILED = 1 << 30
"""A compiled file larger than this is not read (the bundled data's is a few megabytes)."""
MAGIC = b"alliances-compiled"  # the first word of a compiled file


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

    def closest(self, source: Source, quote: str) -> str:
        return ""  # a compiled quote is always found: it was, when it was compiled


class _SnapshotBase(BaseModel):
    """Everything a dataset's records hold, in the order the sections may refer to each other."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Fields validate in order, so each section registers its records before the next section's
    # ids are resolved against them.
    @field_validator("*", check_fields=False)
    @classmethod
    def _register(cls, value: Any, info: ValidationInfo) -> Any:
        registry = _registry()
        if info.field_name == "sources":
            registry.sources.update((s.id, s) for s in value)
        elif info.field_name == "texts":
            registry.texts.update(value)
        elif info.field_name in _ENTITY_ATTRIBUTES:
            registry.entities.update((e.id, e) for e in value)
        return value


_ENTITY_ATTRIBUTES = frozenset(section.attribute for section in SECTIONS if section.entities)


@lru_cache(maxsize=1)
def snapshot_model() -> type[_SnapshotBase]:
    """The model of a compiled file, made from the list of sections (once, when first needed)."""
    fields: dict[str, Any] = {"format": (Literal[1], ...), "key": (str, ...), "info": (DatasetInfo, ...)}
    for section in SECTIONS:
        if section.attribute == "spells":
            # Spells, the bulk of a large dataset, stay JSON text until a query first needs them
            # (an organization's, a member's): then those are validated, once.
            fields.update(spells=(tuple[str, ...], ()), spell_organizations=(tuple[str, ...], ()),
                          spell_members=(tuple[str, ...], ()))
            continue
        fields[section.attribute] = (tuple[section.model, ...], ())  # type: ignore[name-defined]
        if section.attribute == "sources":
            fields["texts"] = (dict[str, str], {})  # the articles, before anything quotes them
    return create_model("Snapshot", __base__=_SnapshotBase, **fields)


def _snapshot(key: str, records: Records) -> _SnapshotBase:
    sections = {s.attribute: records.section(s) for s in SECTIONS if s.attribute != "spells"}
    spells = records.spells
    model: Any = snapshot_model()  # its fields are made from SECTIONS, so no checker can see them
    constructed: _SnapshotBase = model.model_construct(
        format=FORMAT, key=key, info=records.info, texts=dict(records.texts), **sections,
        spells=tuple(s.model_dump_json(exclude_defaults=True, exclude_none=True) for s in spells),
        spell_organizations=tuple(s.organization.id for s in spells), spell_members=tuple(s.member.id for s in spells))
    return constructed


def _records(snapshot: _SnapshotBase, root: Path, registry: _Registry) -> Records:
    parts = snapshot.__dict__
    store = _SpellStore(parts["spells"], parts["spell_organizations"], parts["spell_members"], registry)
    sections = {s.attribute: parts[s.attribute] for s in SECTIONS if s.attribute != "spells"}
    return Records.build(parts["info"], parts["texts"], sections, store, root)


class _SpellStore:
    """The spells of a compiled dataset, kept as JSON text (a ``records.SpellStore``)."""

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
                spells = _spells_adapter().validate_json(batch)
            settle(len(self._texts))
            return spells
        except (ValidationError, KeyError) as exc:  # only a compiled file changed behind our back
            raise AlliancesError(f"the compiled dataset in {cache.cache_dir()} is damaged ({type(exc).__name__}); "
                                 "delete it, or set ALLIANCES_CACHE=off") from exc


@lru_cache(maxsize=1)
def _spells_adapter() -> TypeAdapter[tuple[Spell, ...]]:
    return TypeAdapter(tuple[Spell, ...])


def _registry() -> _Registry:
    registry = current_resolver()
    assert isinstance(registry, _Registry), "a snapshot is read only by read()"
    return registry


SHIPPED = "compiled.json"  # the bundled data's compiled form, written into the wheel when it is built


def read(known: Manifest, root: Path, user_cache: bool = True, reload: Callable[[], Records] | None = None) -> Records | None:
    """The records compiled under ``known``'s key: the copy shipped beside the bundled data when it
    is that data, else the user's cache (unless ``user_cache`` is off); None if there are none (or
    they cannot be trusted). ``reload`` reads the same records from the YAML, should a part of
    the compiled form fail to decode later."""
    shipped = root / SHIPPED
    if shipped.is_file():
        found = read_file(shipped, known.key, root, reload, discard=False)
        if found is not None:
            return found
    if not user_cache:
        return None
    try:
        path = cache.path_for(known.key, known.family)
    except (OSError, ValueError):
        return None
    found = read_file(path, known.key, root, reload) if path is not None else None
    if found is not None and path is not None:
        cache.touch(path)  # used: kept by pruning
    return found


def read_file(path: Path, key: str, root: Path, reload: Callable[[], Records] | None = None,
              discard: bool = True) -> Records | None:
    """The records compiled in ``path`` under ``key``, or None if the file cannot be trusted; with
    ``discard``, the file is removed should a part of it fail to decode later."""
    try:
        with open_regular(path) as handle:
            raw = unseal(handle, key, os.fstat(handle.fileno()).st_size)
        if raw is None:
            return None
        registry = _Registry()
        with resolving(registry):
            snapshot = snapshot_model().model_validate_json(raw)
    except (OSError, ValidationError, KeyError, ValueError, MemoryError, RecursionError):
        return None
    if snapshot.__dict__["key"] != key:
        return None
    records = _records(snapshot, root, registry)
    records.shared_spells.store = _Recovering(records.shared_spells.store, path if discard else None, reload)
    return records


def write(known: Manifest, records: Records, path: Path | None = None) -> None:
    """Write ``records`` compiled under ``known``'s key (to the user's cache, then pruned; or to
    ``path``), atomically; a failure is silent (the cache is optional)."""
    temporary = None
    try:
        target = path or cache.path_for(known.key, known.family)
        if target is None:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = _snapshot(known.key, records).model_dump_json(exclude_defaults=True, exclude_none=True)
        import tempfile  # only when writing

        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(seal(known.key, payload.encode("utf-8")))
        os.replace(temporary, target)
        temporary = None
        if path is None:
            cache.prune(target.parent, known.family)
    except (OSError, ValueError, TypeError):
        pass
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


# -- the first line: what the payload is, and its checksum ------------------------------------


def seal(key: str, payload: bytes) -> bytes:
    """A compiled file's bytes: one line naming the format, the key, the payload's length and its
    BLAKE2b digest, then the payload."""
    return b"%s %d %s %d %s\n" % (MAGIC, FORMAT, key.encode(), len(payload), _checksum(payload)) + payload


def unseal(handle: BinaryIO, key: str, size: int) -> bytes | None:
    """The payload of a compiled file open at its start (of ``size`` bytes), if its first line
    names this format and ``key``, and the rest of the file has the length and digest it gives;
    else None."""
    line = handle.readline(256)
    words = line.split()
    if len(words) != 5 or words[:3] != [MAGIC, b"%d" % FORMAT, key.encode()] or not words[3].isdigit():
        return None
    length = int(words[3])
    if length != size - len(line) or length > MAX_COMPILED:
        return None
    payload = handle.read(length + 1)
    return payload if len(payload) == length and _checksum(payload) == words[4] else None


def _checksum(payload: bytes) -> bytes:
    return blake2b(payload, digest_size=32).hexdigest().encode()


class _Recovering:
    """The spells of a compiled file, read from the YAML instead (``reload``) should a batch of
    them fail to decode after all, and the file removed: its checksum held, so only a fault of the
    code that wrote it is left, and the answers must not depend on it."""

    def __init__(self, store: SpellStore, path: Path | None, reload: Callable[[], Records] | None):
        self.store = store
        self.organizations, self.members = store.organizations, store.members
        self._path, self._reload = path, reload
        self._fallback: tuple[Spell, ...] | None = None

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        if self._fallback is None:
            try:
                return self.store.validate(positions)
            except AlliancesError:
                if self._reload is None:
                    raise
                self._fallback = self._recover(self._reload)
        return tuple(self._fallback[i] for i in positions)

    def _recover(self, reload: Callable[[], Records]) -> tuple[Spell, ...]:
        if self._path is not None:
            with suppress(OSError):
                os.unlink(self._path)
        spells = reload().spells
        if (tuple(s.organization.id for s in spells), tuple(s.member.id for s in spells)) != (self.organizations, self.members):
            raise AlliancesError("the data changed since it was loaded, and its compiled form is damaged: load it again")
        return spells
