"""Where each entity is named in each article, sentence by sentence: the index behind passages().

The mention index is built from the data alone (every article in seeds/ that a source names, and
every name and alias of every entity), so adding an article needs nothing but its text, its
source record and a citation. A name matches as a whole word, with its case: "Russia" matches in
"Russia's" but not in "Russian", and "UN" never matches "un". Codes (ISO, COW, ids) are not
searched for: two-letter codes are ordinary words too often.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from .cited import Source
from .entities import Entity, Organization, Person, Region, State
from .frozen import Frozen, frozen
from .seeds import sentence_spans


@frozen
class Passage(Frozen):
    """A sentence of an article: ``text`` is exactly ``article[start:end]``."""

    source: Source
    start: int
    end: int
    text: str
    mentions: tuple[Entity, ...] = ()

    def __str__(self) -> str:
        return self.text


def mention_names(entity: Entity) -> tuple[str, ...]:
    """The names an article may use for ``entity``: names and aliases, never bare codes."""
    names = [entity.name, *([entity.official_name] if entity.official_name else []), *entity.aliases]
    if isinstance(entity, Organization):
        names.append(entity.abbreviation)
        names += [n for former in entity.former_names for n in (former.name, former.abbreviation) if n]
    return tuple(dict.fromkeys(names))


_WORD = r"(?<!\w)\w+"  # compiled (and cached by re) when first used, not at import


def _names_by_first_word(entities: Iterable[Entity]) -> dict[str, list[tuple[str, Entity]]]:
    """Every searchable name under its first word, so that a text is read once, word by word,
    instead of once per entity."""
    found: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
    word = re.compile(_WORD)  # once, not a lookup in re's cache per name
    for entity in entities:
        if not isinstance(entity, (State, Organization, Person, Region)):
            continue
        for name in mention_names(entity):
            first = word.match(name)
            if first is not None and first.end() > 0 and name[0].isalnum():
                found[first.group()].append((name, entity))
    return found


def _mentions(text: str, names: dict[str, list[tuple[str, Entity]]]) -> Iterator[tuple[int, int, Entity]]:
    """(start, end, entity) of each whole-word occurrence of a name, with its case, nested ones too
    ("CSTO" inside "CSTO Parliamentary Assembly")."""
    for word in re.finditer(_WORD, text):
        for name, entity in names.get(word.group(), ()):
            start, end = word.start(), word.start() + len(name)
            if text.startswith(name, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                yield start, end, entity


class MentionIndex:
    """For each entity, the sentences of every article that name it."""

    def __init__(self, sentences: Mapping[str, tuple[Passage, ...]], where: Mapping[str, tuple[tuple[str, int], ...]]):
        self.sentences = sentences  # source id -> its sentences, in text order
        self._where = where  # entity id -> (source id, sentence number) of each sentence naming it

    @classmethod
    def build(cls, articles: Iterable[Source], texts: Mapping[str, str], entities: Iterable[Entity]) -> MentionIndex:
        names = _names_by_first_word(entities)
        order = {id(e): n for n, e in enumerate(entities)} if isinstance(entities, (list, tuple)) else {}
        sentences: dict[str, tuple[Passage, ...]] = {}
        where: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for source in articles:
            text = texts[source.id]
            spans = sentence_spans(text)
            starts = [start for start, _ in spans]
            named: list[dict[str, Entity]] = [{} for _ in spans]
            for start, end, entity in _mentions(text, names):
                number = bisect.bisect_right(starts, start) - 1
                if number >= 0 and end <= spans[number][1]:
                    named[number].setdefault(entity.id, entity)
            found = []
            for number, ((start, end), entities_named) in enumerate(zip(spans, named)):
                ordered = tuple(sorted(entities_named.values(), key=lambda e: order.get(id(e), 0)))
                found.append(Passage(source, start, end, text[start:end], ordered))
                for entity in ordered:
                    where[entity.id].append((source.id, number))
            sentences[source.id] = tuple(found)
        return cls(MappingProxyType(sentences), MappingProxyType({k: tuple(v) for k, v in where.items()}))

    def passages(self, entities: Iterable[Entity], source: Source | None = None) -> list[Passage]:
        """The sentences that name every one of ``entities``, article by article, in text order."""
        keys = [set(self._where.get(e.id, ())) for e in entities]
        common = set.intersection(*keys) if keys else set()
        if source is not None:
            common = {key for key in common if key[0] == source.id}
        return [self.sentences[source_id][number] for source_id, number in sorted(common)]
