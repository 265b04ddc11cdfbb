"""Article texts kept in seeds/: reading them safely and finding quotes in them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital
# letter, digit or opening quote; a line break always ends one (headings have no full stop).
# Patterns compiled (and cached by re) when first used, not at import.
_SENTENCE_END = r"""(?<=[.!?])["'”’)]*\s+(?=["“‘(]?[A-Z0-9])|\n+"""


class SeedError(Exception):
    """An article file that cannot be read; carries the rule and message."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def read_article(seeds: Path, file_name: str, witness: Callable[[bytes], None] | None = None) -> str:
    """The text of ``seeds/file_name``, refusing any path that leads outside seeds/; ``witness``
    is handed the very bytes the text is decoded from (the loader hashes them)."""
    from .files import ReadError, read_bounded
    from .reader import decode  # with PyYAML: only when data is read

    shown = f"seeds/{file_name}"
    try:
        root = seeds.resolve()
        path = (seeds / file_name).resolve()
    except (OSError, RuntimeError) as exc:  # a link loop, a name too long
        raise SeedError("source-file-unreadable", f"{shown} cannot be followed ({type(exc).__name__})") from None
    if root not in path.parents:
        raise SeedError("source-path-outside", f"{file_name!r} leads outside seeds/")
    if not path.exists():
        raise SeedError("source-file-missing", f"{shown} does not exist")
    try:
        raw = read_bounded(path, shown)
        if witness is not None:
            witness(raw)
        return decode(raw, shown)
    except ReadError as exc:
        rule = "source-file-unreadable" if exc.problem.rule == "file-unreadable" else exc.problem.rule
        raise SeedError(rule, f"{shown}: {exc.problem.message}") from None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    r"""The ``(start, end)`` offsets of each sentence of ``text``, without surrounding blanks.

    >>> text = 'Lavrov spoke. He said "central." Then\nA heading'
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Lavrov spoke.', 'He said "central."', 'Then', 'A heading']
    """
    spans, begin = [], 0
    for cut in (*re.finditer(_SENTENCE_END, text), None):
        stop = cut.start() if cut else len(text)
        if cut and text[cut.start()] in "\"'”’)":  # a closing quote belongs to its sentence
            stop = cut.start() + len(cut.group()) - len(cut.group().lstrip("\"'”’)"))
        start, end = _strip(text, begin, stop)
        if end > start:
            spans.append((start, end))
        begin = cut.end() if cut else len(text)
    return spans


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence (or sentences) that hold ``text[start:end]``."""
    spans = sentence_spans(text)
    first = next((a for a, b in spans if a <= start < b), start)
    last = next((b for a, b in spans if a < end <= b), end)
    return first, max(last, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_WORD = r"\w+"
_RAREST = 12  # the quote's words looked up: its rarest ones, which say most about where it is


class Closest:
    """Finds the sentence of one article most like a quote that is not in it, in time bounded by
    the article's size once and by the quote's length after that (never article x quote)."""

    def __init__(self, text: str):
        self.sentences = [text[a:b] for a, b in sentence_spans(text)]
        self.where: dict[str, list[int]] = {}
        for number, sentence in enumerate(self.sentences):
            for word in set(re.findall(_WORD, sentence.casefold())):
                self.where.setdefault(word, []).append(number)

    def __call__(self, quote: str) -> str:
        words = [w for w in set(re.findall(_WORD, quote[:2000].casefold())) if w in self.where]
        if not words:
            return ""
        words.sort(key=lambda w: (len(self.where[w]), w))
        score: dict[int, int] = {}
        for word in words[:_RAREST]:
            for number in self.where[word]:
                score[number] = score.get(number, 0) + 1
        best = max(score.items(), key=lambda item: (item[1], -item[0]))[0]
        return self.sentences[best][:200]


def closest_passage(text: str, quote: str) -> str:
    """The sentence of ``text`` most like ``quote``, to show beside a quote that is not found."""
    return Closest(text)(quote)


_SPACES = r"\s+"


class Spaced:
    """An article with every run of white space read as one space, and the way back to the
    article's own offsets: a quote found in it is found with a line break for a space."""

    def __init__(self, text: str):
        self.text = re.sub(_SPACES, " ", text)
        self.starts: list[int] = []  # where each run of white space starts, in self.text
        self.shift: list[int] = []  # how many characters fewer than the article self.text has after it
        removed = 0
        for run in re.finditer(_SPACES, text):
            removed += len(run.group()) - 1
            self.starts.append(run.start() - (removed - len(run.group()) + 1))
            self.shift.append(removed)

    def original(self, offset: int, end: bool = False) -> int:
        """The article's offset of ``offset`` in self.text (for an end, the one after the last character)."""
        runs = bisect_right(self.starts, offset - 1 if end else offset)
        if not end and runs and self.starts[runs - 1] == offset:
            runs -= 1  # a position on a space: the start of its run
        return offset + (self.shift[runs - 1] if runs else 0)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where the words of ``quote``, with any white space between them, stand in the article."""
        spaced = " ".join(quote.split())
        start = self.text.find(spaced)
        if start < 0:
            return None
        return self.original(start), self.original(start + len(spaced), end=True)


@lru_cache(maxsize=4)
def spaced(text: str) -> Spaced:
    """The spaced form of an article, made once for all the quotes looked for in it."""
    return Spaced(text)
