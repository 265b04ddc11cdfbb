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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from .cited import Source
from .entities import Entity
from .frozen import Frozen, frozen
from .names import WORD
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




def _mentions(text: str, names: Mapping[str, Sequence[tuple[str, str]]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, entity) of each whole-word occurrence of a name, with its case, nested ones too
    ("CSTO" inside "CSTO Parliamentary Assembly")."""
    for word in re.finditer(WORD, text):
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
    def build(cls, articles: Iterable[Source], texts: Mapping[str, str], by_word: Mapping[str, Sequence[tuple[str, str]]],
              order: Mapping[str, int], entity: Callable[[str], Entity]) -> MentionIndex:
        """The index of ``articles``: ``by_word`` gives the names an article may use under their first
        word, with the id each names (``names.by_first_word``), ``order`` each id's place in the
        dataset; ``entity`` makes only the entities some sentence names."""
        sentences: dict[str, tuple[Passage, ...]] = {}
        where: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for source in articles:
            text = texts[source.id]
            spans = sentence_spans(text)
            starts = [start for start, _ in spans]
            named: list[set[str]] = [set() for _ in spans]
            for start, end, key in _mentions(text, by_word):
                number = bisect.bisect_right(starts, start) - 1
                if number >= 0 and end <= spans[number][1]:
                    named[number].add(key)
            found = []
            for number, ((start, end), keys) in enumerate(zip(spans, named)):
                ordered = tuple(entity(key) for key in sorted(keys, key=order.__getitem__))
                found.append(Passage(source, start, end, text[start:end], ordered))
                for key in keys:
                    where[key].append((source.id, number))
            sentences[source.id] = tuple(found)
        return cls(MappingProxyType(sentences), MappingProxyType({k: tuple(v) for k, v in where.items()}))

    def passages(self, entities: Iterable[Entity], source: Source | None = None) -> list[Passage]:
        """The sentences that name every one of ``entities``, article by article, in text order."""
        keys = [set(self._where.get(e.id, ())) for e in entities]
        common = set.intersection(*keys) if keys else set()
        if source is not None:
            common = {key for key in common if key[0] == source.id}
        return [self.sentences[source_id][number] for source_id, number in sorted(common)]
