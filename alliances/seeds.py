"""Article texts kept in seeds/: reading them safely and finding quotes in them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital
# letter, digit or opening quote; a line break always ends one (headings have no full stop).
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)]*\s+(?=["“‘(]?[A-Z0-9])|\n+""")


class SeedError(Exception):
    """An article file that cannot be read; carries the rule and message."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def read_article(seeds: Path, file_name: str) -> str:
    """The text of ``seeds/file_name``, refusing any path that leads outside seeds/."""
    from .reader import MAX_BYTES, ReadError, decode  # with PyYAML: only when data is read

    root = seeds.resolve()
    path = (seeds / file_name).resolve()
    if root not in path.parents:
        raise SeedError("source-path-outside", f"{file_name!r} leads outside seeds/")
    if not path.is_file():
        raise SeedError("source-file-missing", f"seeds/{file_name} does not exist")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SeedError("too-large", f"seeds/{file_name} has more than {MAX_BYTES} bytes")
    try:
        return decode(raw, f"seeds/{file_name}")
    except ReadError as exc:
        raise SeedError(exc.problem.rule, exc.problem.message) from None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    r"""The ``(start, end)`` offsets of each sentence of ``text``, without surrounding blanks.

    >>> text = 'Lavrov spoke. He said "central." Then\nA heading'
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Lavrov spoke.', 'He said "central."', 'Then', 'A heading']
    """
    spans, begin = [], 0
    for cut in (*_SENTENCE_END.finditer(text), None):
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


def closest_passage(text: str, quote: str) -> str:
    """The sentence of ``text`` most like ``quote``, to show beside a quote that is not found."""
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    if not sentences:
        return ""
    scored = (
        (difflib.SequenceMatcher(None, quote, sentence, autojunk=False).ratio(), sentence)
        for sentence in sentences
    )
    return max(scored)[1][:200]
