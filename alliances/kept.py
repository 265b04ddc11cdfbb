"""What a compiled file keeps beside its records, read a piece at a time, and the way back to the
YAML should a piece turn out damaged.

Beside its records a compiled file keeps the name index, each entity's names, and the sentences
of the articles naming each entity (``mentions.find_named``, worked out when the file was
written), so that a lookup by name or a first ``passages()`` reads one entry or one line, not the
names of every entity nor every article. What a line says is checked against the records before
it is believed (every id an entity's, every sentence inside its article): a line that fails is a
reason to take the YAML's answer (:class:`Fallback`), never an error.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from typing import Any

from . import cache
from .errors import AlliancesError
from .files import StrPath
from .mentions import Named
from .records import Names, Records

DAMAGED = (KeyError, TypeError, ValueError, AttributeError)  # what a line that is not what we wrote raises


class Fallback:
    """The records of a compiled file read from the YAML instead (``reload``), once, should a part
    of it fail to decode after all, and the file removed (``path``): its checksum held, so only a
    fault of the code that wrote it is left, and the answers must not depend on it."""

    def __init__(self, path: StrPath | None, reload: Callable[[], Records] | None):
        self._path, self._reload = path, reload
        self._records: Records | None = None
        self._lock = threading.RLock()

    @property
    def possible(self) -> bool:
        return self._reload is not None

    def records(self) -> Records:
        with self._lock:
            if self._records is None:
                if self._reload is None:
                    raise AlliancesError(f"the compiled dataset in {cache.cache_dir()} is damaged; "
                                         "delete it, or set ALLIANCES_CACHE=off")
                if self._path is not None:
                    with suppress(OSError):
                        os.unlink(self._path)
                self._records = self._reload()
        return self._records


class Kept:
    """The lines a compiled file keeps beside its records (a ``records.Kept``): the name index,
    each entity's names, the ids of the entities the articles name, then the sentences naming each."""

    def __init__(self, lines: list[bytes], texts: Mapping[str, str], entities: Mapping[str, Any], fallback: Fallback):
        self._lines = lines
        self._texts = texts
        self._entities = entities  # the compiled entities by id: what every id kept must be one of
        self.fallback = fallback

    def name_index(self) -> Mapping[str, str]:
        return _NameIndex(self._lines[0], self._entities, self.fallback)

    def names(self) -> Mapping[str, Names]:
        try:
            kept = json.loads(self._lines[1])
            if list(kept) != list(self._entities):
                raise ValueError("the names are not the entities'")
            return {key: Names(tuple(written), tuple(mentioned)) for key, (written, mentioned) in kept.items()}
        except DAMAGED:
            return self.fallback.records().sections.names

    def mentions(self) -> Mapping[str, Sequence[Named]]:
        try:
            ids = json.loads(self._lines[2])
            if type(ids) is not list or len(ids) != len(self._lines) - 3:
                raise ValueError("the entities named are not those whose sentences are kept")
            return _Mentions(dict(zip(ids, self._lines[3:], strict=True)), self)
        except DAMAGED:
            return self.fallback.records().named

    def sentences(self, key: str, line: bytes) -> tuple[Named, ...]:
        """The sentences naming ``key`` that ``line`` gives, if they can be believed (else ``ValueError``)."""
        found = tuple(Named(source, start, end, tuple(ids)) for source, start, end, ids in json.loads(line))
        texts, entities = self._texts, self._entities
        for source, start, end, ids in found:
            if not (type(start) is int and type(end) is int and 0 <= start < end <= len(texts[source]) and key in ids
                    and all(type(i) is str and i in entities for i in ids)):
                raise ValueError(f"a sentence said to name {key} is not one")
        return found


_UNSEEN: Any = object()
_LOOKED_UP = 64  # names looked up one by one (each a search of the line) before the line is read whole


class _NameIndex(Mapping[str, str]):
    """The name index as a compiled file keeps it, one line of JSON: a lookup finds its one entry in
    the line, and only a walk through every name (suggestions for a name not found) parses it whole.

    An entry is found by its key as JSON writes it, right after the ``{`` or ``,`` that opens it:
    inside a JSON string a quote is always escaped, so ``,"`` and ``{"`` only ever open a key."""

    def __init__(self, line: bytes, entities: Mapping[str, Any], fallback: Fallback):
        self._line = line
        self._entities = entities
        self._fallback = fallback
        self._whole: Mapping[str, str] | None = None
        self._found: dict[str, str | None] = {}  # each name looked up in the line, and what it found

    def get(self, name: str, default: Any = None) -> Any:  # the lookup every name takes: no KeyError on a miss
        if self._whole is not None:
            return self._whole.get(name, default)
        found: str | None = self._found.get(name, _UNSEEN)
        if found is _UNSEEN:
            if len(self._found) >= _LOOKED_UP:  # many names asked: reading the line whole now costs less
                return self._parsed().get(name, default)
            found = self._found[name] = self._find(name)
        return default if found is None else found

    def __getitem__(self, name: str) -> str:
        found: str | None = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def _find(self, name: str) -> str | None:
        """The id under ``name``, found in the line without parsing it; None if it has no entry."""
        needle = json.dumps(name, ensure_ascii=False).encode("utf-8") + b':"'
        at = self._line.find(b"," + needle)
        if at < 0:
            at = 0 if self._line.startswith(b"{" + needle) else -1
        if at < 0:
            return None
        begin = at + 1 + len(needle)
        end = self._line.find(b'"', begin)
        key = self._line[begin:end].decode("utf-8", "replace")
        if end < 0 or "\\" in key or key not in self._entities:  # an id JSON escapes, or damage: read it all
            return self._parsed().get(name)
        return key

    def _parsed(self) -> Mapping[str, str]:
        if self._whole is None:
            try:
                entries = json.loads(self._line)
                if not set(entries.values()) <= set(self._entities) or not all(type(k) is str for k in entries):
                    raise ValueError("a name of no entity")
                self._whole = entries
            except DAMAGED:
                self._whole = self._fallback.records().sections.name_index.entries
        return self._whole

    def __iter__(self) -> Iterator[str]:
        return iter(self._parsed())

    def __len__(self) -> int:
        return len(self._parsed())


class _Mentions(Mapping[str, Sequence[Named]]):
    """The sentences naming each entity, as a compiled file keeps them: a line per entity, parsed
    when that entity is first asked about; should one fail, the YAML's sentences answer instead."""

    def __init__(self, lines: dict[str, bytes], kept: Kept):
        self._lines = lines
        self._kept = kept
        self._read: dict[str, tuple[Named, ...]] = {}
        self._fallen: Mapping[str, Sequence[Named]] | None = None

    def __getitem__(self, key: str) -> Sequence[Named]:
        if self._fallen is not None:
            return self._fallen[key]
        found = self._read.get(key)
        if found is None:
            line = self._lines[key]  # KeyError: an entity no sentence names
            try:
                found = self._read[key] = self._kept.sentences(key, line)
            except DAMAGED:
                self._fallen = self._kept.fallback.records().named
                return self._fallen[key]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._fallen if self._fallen is not None else self._lines)

    def __len__(self) -> int:
        return len(self._fallen if self._fallen is not None else self._lines)
