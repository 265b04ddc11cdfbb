"""Article texts kept in seeds/: reading them safely and finding quotes in them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .reader import MAX_BYTES, ReadError, decode

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class SeedError(Exception):
    """An article file that cannot be read; carries the rule and message."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def read_article(seeds: Path, file_name: str) -> str:
    """The text of ``seeds/file_name``, refusing any path that leads outside seeds/."""
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


def closest_passage(text: str, quote: str) -> str:
    """The sentence of ``text`` most like ``quote``, to show beside a quote that is not found."""
    sentences = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]
    if not sentences:
        return ""
    scored = (
        (difflib.SequenceMatcher(None, quote, sentence, autojunk=False).ratio(), sentence)
        for sentence in sentences
    )
    return max(scored)[1][:200]
