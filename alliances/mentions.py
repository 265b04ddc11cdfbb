"""Where each entity is named in each article, sentence by sentence: the index behind passages().

The mentions are found from the data alone (every article in seeds/ that a source names, and
every name and alias of every entity), so adding an article needs nothing but its text, its
source record and a citation. A name matches as a whole word, with its case: "Russia" matches in
"Russia's" but not in "Russian", and "UN" never matches "un". Codes (ISO, COW, ids) are not
searched for: two-letter codes are ordinary words too often.

What is found is kept as ids and offsets (:class:`Named`), per entity: a compiled dataset stores
exactly that, so its first ``passages()`` reads the sentences of the entities asked about and
makes only the passages and entities of the answer.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import NamedTuple

from .cited import Source
from .entities import Entity
from .frozen import Frozen
from .names import WORD
from .seeds import sentence_spans


class Passage(Frozen):
    """A sentence of an article: ``text`` is exactly ``article[start:end]``; ``mentions``, the
    entities it names, in the dataset's order.

    Frozen like every record (compared, hashed and shown by its fields), and written out rather
    than made by :func:`~alliances.frozen.frozen` for one reason: a passage found by
    ``passages()`` makes the entities it names when ``mentions`` is first read, so that a first
    answer about one entity does not make every entity its sentences name.
    """

    __slots__ = ("source", "start", "end", "text", "_mentions", "_make")
    fields = ("source", "start", "end", "text", "mentions")
    defaults = {"mentions": ()}
    source: Source
    start: int
    end: int
    text: str
    _mentions: tuple[Entity, ...]
    _make: Callable[[], tuple[Entity, ...]] | None  # makes the entities, until they are first read

    def __init__(self, source: Source, start: int, end: int, text: str, mentions: tuple[Entity, ...] = ()):
        for name, value in (("source", source), ("start", start), ("end", end), ("text", text),
                            ("_mentions", tuple(mentions)), ("_make", None)):
            object.__setattr__(self, name, value)

    @classmethod
    def naming(cls, source: Source, start: int, end: int, text: str, make: Callable[[], tuple[Entity, ...]]) -> Passage:
        """A passage whose entities ``make`` makes, when they are first read."""
        passage = cls(source, start, end, text)
        object.__setattr__(passage, "_make", make)
        return passage

    @property
    def mentions(self) -> tuple[Entity, ...]:
        """The entities the sentence names, in the dataset's order."""
        make = self._make
        if make is not None:  # two threads may both make them: the same entities, each made once
            object.__setattr__(self, "_mentions", make())
            object.__setattr__(self, "_make", None)
        return self._mentions

    def __str__(self) -> str:
        return self.text


class Named(NamedTuple):
    """A sentence of an article that names some entities: the article's source id, the sentence's
    offsets in the article, and the ids of the entities it names, in the dataset's order."""

    source: str
    start: int
    end: int
    ids: tuple[str, ...]


def _mentions(text: str, names: Mapping[str, Sequence[tuple[str, str]]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, entity) of each whole-word occurrence of a name, with its case, nested ones too
    ("CSTO" inside "CSTO Parliamentary Assembly")."""
    for word in re.finditer(WORD, text):
        for name, entity in names.get(word.group(), ()):
            start, end = word.start(), word.start() + len(name)
            if text.startswith(name, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                yield start, end, entity


def find_named(texts: Mapping[str, str], by_word: Mapping[str, Sequence[tuple[str, str]]],
               order: Mapping[str, int]) -> dict[str, tuple[Named, ...]]:
    """For each entity id, the sentences of the articles ``texts`` (by source id) that name it, by
    source id and then in text order: ``by_word`` gives the names an article may use under their
    first word, with the id each names (``names.by_first_word``), ``order`` each id's place in the
    dataset."""
    where: dict[str, list[Named]] = defaultdict(list)
    for source in sorted(texts):
        text = texts[source]
        spans = sentence_spans(text)
        starts = [start for start, _ in spans]
        named: list[set[str]] = [set() for _ in spans]
        for start, end, key in _mentions(text, by_word):
            number = bisect.bisect_right(starts, start) - 1
            if number >= 0 and end <= spans[number][1]:
                named[number].add(key)
        for (start, end), keys in zip(spans, named):
            sentence = Named(source, start, end, tuple(sorted(keys, key=order.__getitem__)))
            for key in keys:
                where[key].append(sentence)
    return {key: tuple(found) for key, found in where.items()}


class MentionIndex:
    """For each entity, the sentences of every article that name it; each passage made when an
    answer first holds it, and then shared by every answer that does."""

    def __init__(self, named: Mapping[str, Sequence[Named]], sources: Mapping[str, Source], texts: Mapping[str, str],
                 entity: Callable[[str], Entity]):
        self._named = named  # entity id -> the sentences naming it (found, or kept by a compiled dataset)
        self._sources = sources
        self._texts = texts
        self._entity = entity  # makes an entity from its id
        self._made: dict[tuple[str, int], Passage] = {}

    def passages(self, entities: Iterable[Entity], source: Source | None = None) -> list[Passage]:
        """The sentences that name every one of ``entities``, article by article, in text order."""
        found = [{(s.source, s.start): s for s in self._named.get(e.id, ())} for e in entities]
        common = set(found[0]).intersection(*found[1:]) if found else set()
        if source is not None:
            common = {key for key in common if key[0] == source.id}
        return [self._passage(found[0][key]) for key in sorted(common)]

    def _passage(self, sentence: Named) -> Passage:
        key = (sentence.source, sentence.start)
        made = self._made.get(key)
        if made is None:
            text = self._texts[sentence.source][sentence.start:sentence.end]
            made = self._made[key] = Passage.naming(self._sources[sentence.source], sentence.start, sentence.end, text,
                                                    partial(_entities, self._entity, sentence.ids))
        return made


def _entities(entity: Callable[[str], Entity], ids: tuple[str, ...]) -> tuple[Entity, ...]:
    return tuple(entity(key) for key in ids)
