"""Where each entity is named in each article, sentence by sentence: the index behind passages().

The mention index is built from the data alone (every article in seeds/ that a source names, and
every name and alias of every entity), so adding an article needs nothing but its text, its
source record and a citation. A name matches as a whole word, with its case: "Russia" matches in
"Russia's" but not in "Russian", and "UN" never matches "un". Codes (ISO, COW, ids) are not
searched for: two-letter codes are ordinary words too often.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .cited import Source
from .entities import Entity, Organization, Person, Region, State
from .seeds import sentence_spans


@dataclass(frozen=True)
class Passage:
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


def _pattern(names: Iterable[str]) -> re.Pattern[str]:
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in longest_first) + r")(?!\w)")


class MentionIndex:
    """For each entity, the sentences of every article that name it."""

    def __init__(self, sentences: Mapping[str, tuple[Passage, ...]], where: Mapping[str, tuple[tuple[str, int], ...]]):
        self.sentences = sentences  # source id -> its sentences, in text order
        self._where = where  # entity id -> (source id, sentence number) of each sentence naming it

    @classmethod
    def build(cls, articles: Iterable[Source], texts: Mapping[str, str], entities: Iterable[Entity]) -> MentionIndex:
        searchable = [(e, _pattern(mention_names(e))) for e in entities
                      if isinstance(e, (State, Organization, Person, Region))]
        sentences: dict[str, tuple[Passage, ...]] = {}
        where: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for source in articles:
            text = texts[source.id]
            found = []
            for number, (start, end) in enumerate(sentence_spans(text)):
                named = tuple(e for e, pattern in searchable if pattern.search(text, start, end))
                found.append(Passage(source, start, end, text[start:end], named))
                for entity in named:
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
