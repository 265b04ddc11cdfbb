"""Sources, citations and the dated, cited moments (milestones) every fact rests on.

References between records (a citation's source, a spell's member) are written as ids in the YAML
and resolved to the objects themselves while validating, through the resolver installed with
:func:`resolving` by the loader or the compiled form; a record built by hand may pass the objects.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, Protocol

from pydantic import Field, WithJsonSchema, field_serializer, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from .dates import PartialDate
from .errors import shorten
from .fields import ID_PATTERN, Frozen, Id, Text
from .vocabulary import DateMeaning, SourceKind


class Source(Frozen):
    """A document facts are taken from: an article kept in seeds/, or a public reference."""

    id: Id
    kind: SourceKind
    title: Text
    publisher: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")] | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] = "en"
    # The text is an organization's, a government's or a treaty's own, even when read in a copy:
    # what coverage() counts as an official source.
    official: bool = False
    note: Text | None = None

    def __repr__(self) -> str:
        dated = f", {self.published}" if self.published else ""
        return f"<Source {self.id}: {self.title[:60]} ({self.publisher[:40]}{dated})>"

    def _repr_html_(self) -> str:
        from .present import html_card

        return html_card(repr(self), [("title", self.title), ("publisher", self.publisher), ("url", self.url),
                                      ("published", self.published), ("kind", str(self.kind)), ("note", self.note)])

    @model_validator(mode="before")
    @classmethod
    def _article_has_file(cls, data: Any) -> Any:
        # before, not after: an after-validator would run again for every citation of the source
        if type(data) is dict and (data.get("kind") == "article") != (data.get("file") is not None):
            raise PydanticCustomError(
                "article-file", "an article names its file in seeds/, and only an article does"
            )
        return data



class Resolver(Protocol):
    """What validation needs to turn ids into objects (installed with :func:`resolving`)."""

    def source(self, key: str) -> Source: ...

    def text(self, source: Source) -> str: ...

    def entity(self, key: str) -> Any: ...  # an Entity (alliances.entities)

    def closest(self, source: Source, quote: str) -> str: ...  # the passage most like a lost quote


# The resolver of the load under way in this thread (or task). A context variable rather than
# pydantic's validation context: reading it costs a fraction of reading ``info.context``, and it
# is called for every reference of every record.
_CURRENT: ContextVar[Resolver | None] = ContextVar("alliances_resolver", default=None)


def current_resolver() -> Resolver | None:
    """The resolver of the load under way, if any."""
    return _CURRENT.get()


@contextmanager
def resolving(resolver: Resolver) -> Iterator[None]:
    """Validate records inside this block with ids resolved by ``resolver``."""
    token = _CURRENT.set(resolver)
    try:
        yield
    finally:
        _CURRENT.reset(token)


class Citation(Frozen):
    """A source and, for an article, the exact quote found in it (with its offsets)."""

    source: Annotated[Source, WithJsonSchema({"type": "string", "pattern": ID_PATTERN,
                                              "description": "the id of a source"})]
    quote: Text | None = None
    locator: Text | None = None
    start: SkipJsonSchema[int | None] = Field(default=None, exclude=True)  # found by the loader, never written
    end: SkipJsonSchema[int | None] = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _resolve(cls, data: Any) -> Any:
        """Turn the source id into the source, check quote against kind, and find the quote."""
        if not isinstance(data, dict):
            return data
        resolver = _CURRENT.get()
        source, quote = data.get("source"), data.get("quote")
        resolved: dict[str, Any] = {}
        if resolver is not None and type(source) is str:
            source = resolved["source"] = resolver.source(source)
        if type(source) is not Source:
            return {**data, **resolved} if resolved else data
        if source.kind is SourceKind.ARTICLE:
            if quote is None:
                raise PydanticCustomError("quote-missing", "a citation of an article needs a quote")
            if resolver is not None and type(quote) is str:
                check_quote(quote)
                text = resolver.text(source)
                start, end = locate_quote(text, quote, source, resolver)
                resolved["start"], resolved["end"] = start, end
                if text[start:end] != quote:  # matched across a line break: keep the article's own
                    resolved["quote"] = text[start:end]
        elif quote is not None:
            raise PydanticCustomError(
                "quote-outside-seeds",
                "only articles kept in seeds/ are quoted; cite other sources with a locator",
            )
        return {**data, **resolved} if resolved else data

    def __repr__(self) -> str:
        said = f'"{self.quote[:60]}"' if self.quote else (self.locator or "")[:60]
        return f"<Citation {self.source.id} {said}>"

    def _repr_html_(self) -> str:
        from .present import source_links

        said = self.quote or self.locator or ""
        return f"{source_links([self], width=60)}: {html.escape(said)}"

    @field_serializer("source")
    def _source_id(self, source: Source) -> str:
        return source.id


MIN_QUOTE_WORDS = 3
MIN_QUOTE_CHARS = 20
"""A quote has at least this many words and characters, so that it names its passage ("n" or
"The CSTO" are found in almost any article, and prove nothing)."""


def check_quote(quote: str) -> None:
    """The rules a quote keeps before it is looked for (docs/codebook.md, "Citation")."""
    if quote != quote.strip() or not quote:
        raise PydanticCustomError("padded-text", "the quote starts or ends with white space")
    bad = next((c for c in quote if not c.isprintable() and not c.isspace()), None)
    if bad is not None:
        raise PydanticCustomError("control-character", "the quote holds U+{code} (a control or format character)",
                                  {"code": f"{ord(bad):04X}"})
    if len(quote) < MIN_QUOTE_CHARS or len(quote.split()) < MIN_QUOTE_WORDS:
        raise PydanticCustomError(
            "quote-too-short", "the quote {quote} is too short to name its passage: quote at least {words} words "
            "and {chars} characters", {"quote": repr(shorten(quote)), "words": MIN_QUOTE_WORDS, "chars": MIN_QUOTE_CHARS})


def locate_quote(text: str, quote: str, source: Source, resolver: Resolver | None = None) -> tuple[int, int]:
    """Where ``quote`` stands in ``text``: verbatim, else with any run of white space in the quote
    standing for any run of white space in the article (a line break for a space). The first
    place it stands, when there are several."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    from .seeds import spaced  # only for a quote not found verbatim

    found = spaced(text).find(quote)
    if found is not None:
        return found
    closest = resolver.closest(source, quote) if resolver is not None else ""
    raise PydanticCustomError(
        "quote-not-found",
        "the quote is not in {file}; the closest passage is '{closest}'",
        {"file": f"seeds/{source.file}", "closest": closest},
    )


Citations = Annotated[tuple[Citation, ...], Field(min_length=1)]


class OtherDate(Frozen):
    """Another date for the same fact: a ratification, or a date another source gives."""

    date: PartialDate
    meaning: DateMeaning
    citations: Citations
    note: Text | None = None


class Milestone(Frozen):
    """A dated, cited moment: how a spell began or ended, or when an organization was founded."""

    date: PartialDate
    citations: Citations
    other_dates: tuple[OtherDate, ...] = ()
    note: Text | None = None
