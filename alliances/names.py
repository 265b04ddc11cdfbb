"""Name and code resolution: forgiving about case, accents and punctuation, strict about meaning."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Generic, TypeVar

from .errors import UnknownNameError

T = TypeVar("T")

@cache
def _punctuation() -> re.Pattern[str]:  # compiled when first needed, not at import
    return re.compile(r"[\s.,'’`´()\-_/]+")
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=1 << 14)
def normalize(name: str) -> str:
    """The lookup key of a name: no accents, no case, no punctuation, single spaces.

    >>> normalize("Türkiye") == normalize("turkiye") == normalize("TURKIYE")
    True
    >>> normalize("Korea, Rep.")
    'korea rep'
    """
    folded = name.casefold()
    if not folded.isascii():  # most names are plain ASCII and need no decomposition
        decomposed = unicodedata.normalize("NFKD", folded.translate(_FOLD))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _punctuation().sub(" ", folded).strip()


class NameIndex(Generic[T]):
    """Maps every normalized name of every item to that item."""

    def __init__(self, entries: Mapping[str, T], kind: str = "entity"):
        # a copy, which nothing can change behind the index's back; a read-only view is taken as it is
        self._entries = entries if isinstance(entries, MappingProxyType) else MappingProxyType(dict(entries))
        self.kind = kind

    @classmethod
    def build(cls, items: Iterable[tuple[T, Iterable[str]]], kind: str = "entity") -> tuple[NameIndex[T], list[tuple[str, T, T]]]:
        """Index items by their names; also return the names two items claim (collisions)."""
        entries: dict[str, T] = {}
        clashes: list[tuple[str, T, T]] = []
        for item, names in items:
            for name in names:
                key = normalize(name)
                if key in entries and entries[key] is not item:
                    clashes.append((name, entries[key], item))
                entries.setdefault(key, item)
        return cls(entries, kind), clashes

    @property
    def entries(self) -> Mapping[str, T]:
        """Each normalized name, to its item."""
        return self._entries

    def get(self, name: str) -> T | None:
        return self._entries.get(normalize(name))

    def lookup(self, name: str) -> T:
        """The item known by ``name``; raise :class:`UnknownNameError` with suggestions."""
        found = self.get(name)
        if found is None:
            raise UnknownNameError(name, lambda: self.suggest(name), self.kind)
        return found

    def suggest(self, name: str, limit: int = 3, label: Callable[[T], str] | None = None) -> list[str]:
        """The names most like ``name``, shown by ``label`` (default: the item's name or id)."""
        from difflib import get_close_matches  # only for a name that is not found

        close = get_close_matches(normalize(name), list(self._entries), n=4 * limit, cutoff=0.6)
        labels = (label(self._entries[key]) if label else self._label(self._entries[key], key) for key in close)
        return list(dict.fromkeys(labels))[:limit]  # one suggestion per item, best first

    @staticmethod
    def _label(item: object, key: str) -> str:
        return str(getattr(item, "name", None) or getattr(item, "id", key))


WORD = r"(?<!\w)\w+"  # a word, as a name is matched in an article (compiled when first used)


def by_first_word(names: Mapping[str, Sequence[str]]) -> dict[str, list[tuple[str, str]]]:
    """Every searchable name (of each entity id) under its first word, so that a text is read
    once, word by word, instead of once per entity."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    word = re.compile(WORD)  # once, not a lookup in re's cache per name
    for key, written in names.items():
        for name in written:
            first = word.match(name)
            if first is not None and first.end() > 0 and name[0].isalnum():
                found[first.group()].append((name, key))
    return found
