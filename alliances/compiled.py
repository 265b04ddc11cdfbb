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
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, ValidationInfo, create_model, field_validator

from .cited import Source, current_resolver, resolving
from .collector import paused_collection, settle
from .entities import Entity
from .errors import AlliancesError
from .records import SECTIONS, DatasetInfo, Records
from .spells import Spell

try:  # CPython's own BLAKE2: fast, and without the start-up of OpenSSL that importing hashlib costs
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b

FORMAT = 1
MAX_COMPILED = 1 << 30
"""A compiled file larger than this is not read (the bundled data's is a few megabytes)."""


def cache_dir() -> Path | None:
    """Where compiled files go, or None when the cache is turned off."""
    chosen = os.environ.get("ALLIANCES_CACHE", "").strip()
    if chosen.lower() in {"off", "0", "no", "false"}:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alliances"


def content_key(roots: Sequence[Path]) -> str:
    """A BLAKE2b hash of every module of the library and of every file under each root's data/ and seeds/.

    It never follows a link (a link is hashed as the path it names; a file it leads to inside the
    root is hashed as itself, and one outside is never read, by this or by the loader), never opens
    anything but a regular file, and reads a file over the reader's limit only as its size: the
    loader refuses such a file before using it. A file that cannot be read is hashed as its error.
    """
    from .reader import MAX_BYTES

    digest = _blake2b(f"alliances-compiled-{FORMAT}".encode(), digest_size=32)
    package = Path(__file__).resolve().parent
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    for number, root in enumerate(roots):
        for folder in ("data", "seeds"):
            for relative, path, kind in _tree(root / folder, folder):
                digest.update(f"{number}/{relative}\0{kind}\0".encode())
                if kind == "file":
                    _hash_file(digest, path, MAX_BYTES)
    return digest.hexdigest()


def _tree(folder: Path, shown: str) -> Iterator[tuple[str, Path, str]]:
    """Every entry under ``folder``, in name order, never through a link: (shown path, path, kind)."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as exc:
        yield shown, folder, f"unreadable {exc.errno}"
        return
    for entry in entries:
        relative, path = f"{shown}/{entry.name}", Path(entry.path)
        try:
            if entry.is_symlink():
                yield relative, path, "link " + os.readlink(path)
            elif entry.is_dir(follow_symlinks=False):
                yield from _tree(path, relative)
            elif entry.is_file(follow_symlinks=False):
                yield relative, path, "file"
            else:
                yield relative, path, "other"
        except OSError as exc:
            yield relative, path, f"unreadable {exc.errno}"


def _hash_file(digest: Any, path: Path, limit: int) -> None:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            digest.update(f"{size}\0".encode())
            if size > limit:
                return  # refused by the loader if ever read: its size is all that counts
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        digest.update(f"unreadable {exc.errno}".encode())


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
            raise AlliancesError(f"the compiled dataset in {cache_dir()} is damaged ({type(exc).__name__}); "
                                 "delete it, or set ALLIANCES_CACHE=off") from exc


@lru_cache(maxsize=1)
def _spells_adapter() -> TypeAdapter[tuple[Spell, ...]]:
    return TypeAdapter(tuple[Spell, ...])


def _registry() -> _Registry:
    registry = current_resolver()
    assert isinstance(registry, _Registry), "a snapshot is read only by read()"
    return registry


def _path(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"dataset-{key[:32]}.json" if folder else None


SHIPPED = "compiled.json"  # the bundled data's compiled form, written into the wheel when it is built


def read(key: str, root: Path, user_cache: bool = True) -> Records | None:
    """The records compiled under ``key``: the copy shipped beside the bundled data when it is that
    data, else the user's cache (unless ``user_cache`` is off); None if there are none (or they
    cannot be trusted)."""
    shipped = root / SHIPPED
    if shipped.is_file():
        found = read_file(shipped, key, root)
        if found is not None:
            return found
    if not user_cache:
        return None
    try:
        path = _path(key)
    except (OSError, ValueError):
        return None
    return read_file(path, key, root) if path is not None else None


def read_file(path: Path, key: str, root: Path) -> Records | None:
    """The records compiled in ``path`` under ``key``, or None if the file cannot be trusted."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_COMPILED:
            return None
        raw = path.read_bytes()
        registry = _Registry()
        with resolving(registry):
            snapshot = snapshot_model().model_validate_json(raw)
    except (OSError, ValidationError, KeyError, ValueError, MemoryError, RecursionError):
        return None
    return _records(snapshot, root, registry) if snapshot.__dict__["key"] == key else None


def write(key: str, records: Records, path: Path | None = None) -> None:
    """Write ``records`` compiled under ``key`` (to the user's cache, or to ``path``), atomically; a
    failure is silent (the cache is optional)."""
    try:
        path = path or _path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = _snapshot(key, records).model_dump_json(exclude_defaults=True, exclude_none=True)
        import tempfile  # only when writing

        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, path)
    except (OSError, ValueError, TypeError):
        try:
            os.unlink(temporary)
        except (OSError, NameError):
            pass

