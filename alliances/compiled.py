"""The compiled form of a validated dataset: JSON lines, read back with the standard library.

Reading YAML is the expensive part of a load (see docs/performance.md), so the first load of a
given content writes what it validated as JSON (:mod:`alliances.codec`), and every later load of
the same content reads that instead, into the same records, without pydantic, the YAML reader or
the integrity checks that the content already passed. Spells, the bulk of a large dataset, stay
one line of JSON each until a question first needs them; sources and entities are made when
first referred to.

Trust comes from the key and from the file's own checksum. The key (``content.py``) hashes the
very bytes the loader parsed, with the library's code: a load writes its records only when what it
read is what the key was made from. The file's first line names the format, the key, the
payload's length and its CRC-32; a file whose line does not match (another key, a
truncated or altered payload) is treated as absent, and the YAML is read. Should a part decoded
later (a batch of spells, a line kept beside the records: ``kept.py``) fail even so, the file is
removed and that part is read from the YAML: damage is a reason to fall back, never an error.
The file is JSON (no format that can run code when read), written to a temporary file and
renamed into place, so a reader never sees half a file. It lives in the user's cache
(``cache.py``: where, its name, pruning); any failure to read or write it only means the YAML is
read as before.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from . import cache, codec
from .collector import paused_collection, settle
from .content import Manifest
from .errors import AlliancesError
from .files import StrPath, open_regular
from .kept import Fallback, Kept
from .records import SECTIONS, DatasetInfo, Records, Section, Sections, SpellStore
from .spells import Spell

if TYPE_CHECKING:
    from pathlib import Path

FORMAT = 4
MAX_COMPILED = 1 << 30
"""A compiled file larger than this is not read (the bundled data's is a few megabytes)."""
MAGIC = b"alliances-compiled"  # the first word of a compiled file


def encode(key: str, records: Records) -> bytes:
    """The compiled form of ``records``: a first line naming what follows (the format, the key,
    the fields' shapes, the dataset's info, the articles, and each section's ids or count); the
    lines kept beside the records (the name index; each entity's names; the ids of the entities
    the articles name, then a line for each of those, the sentences naming it); then one line per
    record, section by section, the spells last. A line is parsed only when a question first needs
    it: the first question parses the first line and a few dozen others."""
    head: dict[str, Any] = {"format": FORMAT, "key": key, "shapes": codec.shapes(), "info": codec.write(records.info),
                            "texts": dict(records.texts), "sections": {}}
    sections, named = records.sections, records.named
    lines = [_json(dict(sections.name_index.entries)),
             _json({key: [list(n.names), list(n.mention_names)] for key, n in sections.names.items()}),
             _json(list(named)), *(_json(named[key]) for key in named)]
    head["mentioned"] = len(named)
    for section in SECTIONS:
        found = records.section(section)
        head["sections"][section.attribute] = [r.id for r in found] if _keyed(section) else len(found)
        lines += [_json(codec.write(r)) for r in found]
    spells = records.spells
    head["spell_organizations"] = [s.organization.id for s in spells]
    head["spell_members"] = [s.member.id for s in spells]
    return "\n".join([_json(head), *lines]).encode("utf-8")


# One encoder for every line: json.dumps with options makes a new one per call.
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _keyed(section: Section) -> bool:
    """Whether a section's records are looked up by id, one at a time, by references and questions."""
    return section.attribute == "sources" or section.entities


def decode(payload: bytes, key: str, root: StrPath, fallback: Fallback | None = None) -> Records | None:
    """The records of a compiled form, or None if it was compiled under another key; ``KeyError``,
    ``TypeError`` or ``ValueError`` if it is not one. ``fallback`` gives the same records from the
    YAML, should a part read later fail to decode."""
    first, _, rest = payload.partition(b"\n")
    head = json.loads(first)
    if head["format"] != FORMAT or head["key"] != key:
        return None
    lock, reader = threading.RLock(), codec.Reader(head["shapes"])
    sources, entities = codec.Table(reader, lock), codec.Table(reader, lock)
    tables = sources.tables = entities.tables = codec.Tables(sources, entities)
    lines = rest.split(b"\n") if rest else []
    start = 3 + head["mentioned"]  # the lines kept beside the records
    kept = Kept(lines[:start], head["texts"], entities, fallback or Fallback(None, None))
    makers: dict[str, Callable[[], tuple[Any, ...]]] = {}
    for section in SECTIONS:  # each section refers only to the ones before it
        listed = head["sections"][section.attribute]
        count = len(listed) if _keyed(section) else listed
        mine = lines[start:start + count]
        start += count
        if section.attribute == "spells":
            spells = mine
        elif _keyed(section):
            table = sources if section.attribute == "sources" else entities
            table.add(section.model, listed, mine)
            makers[section.attribute] = partial(_by_id, table, listed)
        else:
            makers[section.attribute] = partial(_all, reader, section.model, mine, tables)
    organizations, members = tuple(head["spell_organizations"]), tuple(head["spell_members"])
    if not (start == len(lines) and len(spells) == len(organizations) == len(members)):
        raise ValueError("the lines do not match their sections")
    store = _SpellStore(spells, organizations, members, reader, tables)
    info = reader.read(DatasetInfo, head["info"], tables)
    return Records.build(info, head["texts"], Sections(sources, entities, makers, kept=kept), store, root)


def _by_id(table: codec.Table, ids: list[str]) -> tuple[Any, ...]:
    return tuple(table[key] for key in ids)


def _all(reader: codec.Reader, model: type[Any], lines: list[bytes], tables: codec.Tables) -> tuple[Any, ...]:
    return tuple(reader.read(model, json.loads(line), tables) for line in lines)


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
            raise AlliancesError(f"the compiled dataset in {cache.cache_dir()} is damaged ({type(exc).__name__}); "
                                 "delete it, or set ALLIANCES_CACHE=off") from exc


SHIPPED = "compiled.json"  # the bundled data's compiled form, written into the wheel when it is built


def read(known: Manifest, root: StrPath, user_cache: bool = True, reload: Callable[[], Records] | None = None) -> Records | None:
    """The records compiled under ``known``'s key: the copy shipped beside the bundled data when it
    is that data, else the user's cache (unless ``user_cache`` is off); None if there are none (or
    they cannot be trusted). ``reload`` reads the same records from the YAML, should a part of
    the compiled form fail to decode later."""
    shipped = os.path.join(root, SHIPPED)
    if os.path.isfile(shipped):
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


def read_file(path: StrPath, key: str, root: StrPath, reload: Callable[[], Records] | None = None,
              discard: bool = True) -> Records | None:
    """The records compiled in ``path`` under ``key``, or None if the file cannot be trusted; with
    ``discard``, the file is removed should a part of it fail to decode later."""
    fallback = Fallback(path if discard else None, reload)
    try:
        with open_regular(path) as handle:
            raw = unseal(handle, key, os.fstat(handle.fileno()).st_size)
        if raw is None:
            return None
        records = decode(raw, key, root, fallback)
    except (OSError, KeyError, TypeError, ValueError, MemoryError, RecursionError):
        return None
    if records is None:
        return None
    records.shared_spells.store = _Recovering(records.shared_spells.store, fallback)
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
        payload = encode(known.key, records)
        import tempfile  # only when writing

        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(seal(known.key, payload))
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
    CRC-32, then the payload."""
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
    # A check against damage (a file cut short, a changed byte), not an identity: the key is that.
    # CRC-32 finds every such accident and costs a tenth of a BLAKE2b pass, every cold start.
    return b"%08x" % zlib.crc32(payload)


class _Recovering:
    """The spells of a compiled file, read from the YAML instead (a ``kept.Fallback``) should a
    batch of them fail to decode after all."""

    def __init__(self, store: SpellStore, fallback: Fallback):
        self.store = store
        self.organizations, self.members = store.organizations, store.members
        self._fallback = fallback
        self._spells: tuple[Spell, ...] | None = None

    def validate(self, positions: list[int]) -> tuple[Spell, ...]:
        if self._spells is None:
            try:
                return self.store.validate(positions)
            except AlliancesError:
                if not self._fallback.possible:
                    raise
                self._spells = self._recover()
        return tuple(self._spells[i] for i in positions)

    def _recover(self) -> tuple[Spell, ...]:
        spells = self._fallback.records().spells
        if (tuple(s.organization.id for s in spells), tuple(s.member.id for s in spells)) != (self.organizations, self.members):
            raise AlliancesError("the data changed since it was loaded, and its compiled form is damaged: load it again")
        return spells
