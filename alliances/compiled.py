"""The compiled form of a validated dataset: JSON lines, read back with the standard library.

Reading YAML is the expensive part of a load (see docs/performance.md), so the first load of a
given content writes what it validated as JSON (:mod:`alliances.codec`), and every later load of
the same content reads that instead, into the same records, without pydantic, the YAML reader or
the integrity checks that the content already passed. Spells, the bulk of a large dataset, stay
one line of JSON each until a question first needs them.

Trust comes from the key, never from the file: the key is a BLAKE2b hash of every byte of every data
file and article of every root, and of the library's own model and rule code, so any change to the
data or to the rules gives another key. A file whose recorded key differs is ignored. The file is
JSON (no format that can run code when read), written to a temporary file and renamed into place,
so a reader never sees half a file. It lives in the user's cache directory (``ALLIANCES_CACHE``,
else ``$XDG_CACHE_HOME/alliances``, else ``~/.cache/alliances``); ``ALLIANCES_CACHE=off`` turns
it off. Any failure to read or write it only means the YAML is read as before.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from . import codec
from .collector import paused_collection, settle
from .errors import AlliancesError
from .limits import MAX_BYTES
from .records import SECTIONS, DatasetInfo, Records, Sections
from .spells import Spell

try:  # CPython's own BLAKE2: fast, and without the start-up of OpenSSL that importing hashlib costs
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b

FORMAT = 2
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


def encode(key: str, records: Records) -> bytes:
    """The compiled form of ``records``: a first line holding every section but the spells, then
    one line per spell, so that a spell is decoded only when a question first needs it."""
    head: dict[str, Any] = {"format": FORMAT, "key": key, "shapes": codec.shapes(), "info": codec.write(records.info)}
    for section in SECTIONS:
        if section.attribute != "spells":
            head[section.attribute] = [codec.write(r) for r in records.section(section)]
        if section.attribute == "sources":
            head["texts"] = dict(records.texts)  # the articles, before anything quotes them
    spells = records.spells
    head["spell_organizations"] = [s.organization.id for s in spells]
    head["spell_members"] = [s.member.id for s in spells]
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))]
    lines += [json.dumps(codec.write(s), ensure_ascii=False, separators=(",", ":")) for s in spells]
    return "\n".join(lines).encode("utf-8")


def decode(payload: bytes, key: str, root: Path) -> Records | None:
    """The records of a compiled form, or None if it was compiled under another key; ``KeyError``,
    ``TypeError`` or ``ValueError`` if it is not one."""
    first, _, rest = payload.partition(b"\n")
    head = json.loads(first)
    if head["format"] != FORMAT or head["key"] != key:
        return None
    lock, reader = threading.RLock(), codec.Reader(head["shapes"])
    sources, entities = codec.Table(reader, lock), codec.Table(reader, lock)
    tables = sources.tables = entities.tables = codec.Tables(sources, entities)
    makers: dict[str, Callable[[], tuple[Any, ...]]] = {}
    for section in SECTIONS:  # each section refers only to the ones before it
        if section.attribute == "spells":
            continue
        written = head[section.attribute]
        if section.attribute == "sources" or section.entities:
            table = sources if section.attribute == "sources" else entities
            makers[section.attribute] = partial(_by_id, table, table.add(section.model, written))
        else:
            makers[section.attribute] = partial(_all, reader, section.model, written, tables)
    lines = rest.split(b"\n") if rest else []
    organizations, members = tuple(head["spell_organizations"]), tuple(head["spell_members"])
    if not len(lines) == len(organizations) == len(members):
        raise ValueError("the spells do not match their index")
    store = _SpellStore(lines, organizations, members, reader, tables)
    info = reader.read(DatasetInfo, head["info"], tables)
    return Records.build(info, head["texts"], Sections(sources, entities, makers), store, root)


def _by_id(table: codec.Table, ids: list[str]) -> tuple[Any, ...]:
    return tuple(table[key] for key in ids)


def _all(reader: codec.Reader, model: type[Any], written: list[Any], tables: codec.Tables) -> tuple[Any, ...]:
    return tuple(reader.read(model, value, tables) for value in written)


class _SpellStore:
    """The spells of a compiled dataset, kept as JSON lines until asked for (a ``records.SpellStore``)."""

    def __init__(self, lines: list[bytes], organizations: tuple[str, ...], members: tuple[str, ...],
                 reader: codec.Reader, tables: codec.Tables):
        self._lines = lines
        self.organizations = organizations
        self.members = members
        self._reader = reader
        self._tables = tables  # the sources and entities the spells refer to

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        """The spells at ``positions``, decoded."""
        try:
            with paused_collection():
                spells = tuple(self._reader.read(Spell, json.loads(self._lines[i]), self._tables) for i in positions)
            settle(len(self._lines))
            return spells
        except (KeyError, TypeError, ValueError) as exc:  # only a compiled file changed behind our back
            raise AlliancesError(f"the compiled dataset in {cache_dir()} is damaged ({type(exc).__name__}); "
                                 "delete it, or set ALLIANCES_CACHE=off") from exc


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
        return decode(path.read_bytes(), key, root)
    except (OSError, KeyError, TypeError, ValueError, MemoryError, RecursionError):
        return None


def write(key: str, records: Records, path: Path | None = None) -> None:
    """Write ``records`` compiled under ``key`` (to the user's cache, or to ``path``), atomically; a
    failure is silent (the cache is optional)."""
    try:
        path = path or _path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = encode(key, records)
        import tempfile  # only when writing

        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, path)
    except (OSError, ValueError, TypeError):
        try:
            os.unlink(temporary)
        except (OSError, NameError):
            pass

