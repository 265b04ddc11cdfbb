"""Sources, citations and the dated, cited moments (milestones) every fact rests on.

References between records (a citation's source, a spell's member) are written as ids in the YAML
and resolved to the objects themselves while validating, through the resolver installed with
:func:`resolving` by the loader or the compiled form; a record built by hand may pass the objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, Protocol

from .dates import PartialDate
from .errors import RuleError, shorten
from .fields import ID_PATTERN, Id, Record, Rule, Text, record, record_schema
from .vocabulary import DateMeaning, SourceKind


@record
class Source(Record):
    """A document facts are taken from: an article kept in seeds/, or a public reference."""

    id: Id
    kind: SourceKind
    title: Text
    publisher: Text
    url: Annotated[str, Rule(pattern=r"^https?://\S+$")] | None = None
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    file: Annotated[str, Rule(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")] | None = None
    language: Annotated[str, Rule(pattern=r"^[a-z]{2,3}$")] = "en"
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

    def __post_init__(self) -> None:
        if (self.kind is SourceKind.ARTICLE) != (self.file is not None):
            raise RuleError("article-file", "an article names its file in seeds/, and only an article does")


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


class Ref:
    """Marks a field holding another record, written in a data file as that record's id.

    While a data file is validated the id is resolved through the load's resolver (a source by
    ``resolver.source``, anything else by ``resolver.entity``) and the record's type is checked;
    the compiled form and the writer store the id.
    """

    __slots__ = ("types", "lookup", "described")

    def __init__(self, *types: type, described: str):
        self.types = types
        self.lookup = "source" if types == (Source,) else "entity"
        self.described = described  # "state or organization": what the id names

    def resolve(self, value: Any) -> Any:
        """The record ``value`` names (or is), of one of this reference's types."""
        if type(value) is str:
            resolver = _CURRENT.get()
            if resolver is not None:
                value = resolver.source(value) if self.lookup == "source" else resolver.entity(value)
        if isinstance(value, self.types):
            return value
        if isinstance(value, Record) and hasattr(value, "kind") and hasattr(value, "id"):
            raise RuleError("wrong-kind", f"{value.id!r} is a {value.kind}; expected a {self.described}")
        raise RuleError("wrong-kind", f"expected the id of a {self.described}")

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema  # only where a data file is validated

        return core_schema.no_info_plain_validator_function(
            self.resolve, serialization=core_schema.plain_serializer_function_ser_schema(lambda found: found.id))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        # in a data file a reference is the record's id: what an editor checks and completes
        return {"type": "string", "pattern": ID_PATTERN, "description": f"the id of a {self.described}"}


class Derived:
    """Marks a field worked out while validating (a quote's offsets): kept in the compiled form,
    never written to a data file, and absent from its schema."""

    __slots__ = ()

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        from pydantic_core import PydanticOmit

        raise PydanticOmit


@record
class Citation(Record):
    """A source and, for an article, the exact quote found in it (with its offsets)."""

    source: Annotated[Source, Ref(Source, described="source")]
    quote: Text | None = None
    locator: Text | None = None
    start: Annotated[int | None, Derived()] = None  # found by the loader, never written
    end: Annotated[int | None, Derived()] = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema  # only where a data file is validated

        return core_schema.no_info_before_validator_function(cls._resolve, record_schema(cls, handler))

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
                raise RuleError("quote-missing", "a citation of an article needs a quote")
            if resolver is not None and type(quote) is str:
                check_quote(quote)
                text = resolver.text(source)
                start, end = locate_quote(text, quote, source, resolver)
                resolved["start"], resolved["end"] = start, end
                if text[start:end] != quote:  # matched across a line break: keep the article's own
                    resolved["quote"] = text[start:end]
        elif quote is not None:
            raise RuleError("quote-outside-seeds",
                            "only articles kept in seeds/ are quoted; cite other sources with a locator")
        return {**data, **resolved} if resolved else data

    def __repr__(self) -> str:
        said = f'"{self.quote[:60]}"' if self.quote else (self.locator or "")[:60]
        return f"<Citation {self.source.id} {said}>"

    def _repr_html_(self) -> str:
        from .present import escape, source_links

        said = self.quote or self.locator or ""
        return f"{source_links([self], width=60)}: {escape(said)}"


MIN_QUOTE_WORDS = 3
MIN_QUOTE_CHARS = 20
"""A quote has at least this many words and characters, so that it names its passage ("n" or
"The CSTO" are found in almost any article, and prove nothing)."""


def check_quote(quote: str) -> None:
    """The rules a quote keeps before it is looked for (docs/codebook.md, "Citation")."""
    if quote != quote.strip() or not quote:
        raise RuleError("padded-text", "the quote starts or ends with white space")
    bad = next((c for c in quote if not c.isprintable() and not c.isspace()), None)
    if bad is not None:
        raise RuleError("control-character", f"the quote holds U+{ord(bad):04X} (a control or format character)")
    if len(quote) < MIN_QUOTE_CHARS or len(quote.split()) < MIN_QUOTE_WORDS:
        raise RuleError("quote-too-short", f"the quote {shorten(quote)!r} is too short to name its passage: quote at "
                        f"least {MIN_QUOTE_WORDS} words and {MIN_QUOTE_CHARS} characters")


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
    raise RuleError("quote-not-found", f"the quote is not in seeds/{source.file}; the closest passage is '{closest}'")


Citations = Annotated[tuple[Citation, ...], Rule(min_length=1)]


@record
class OtherDate(Record):
    """Another date for the same fact: a ratification, or a date another source gives."""

    date: PartialDate
    meaning: DateMeaning
    citations: Citations
    note: Text | None = None


@record
class Milestone(Record):
    """A dated, cited moment: how a spell began or ended, or when an organization was founded."""

    date: PartialDate
    citations: Citations
    other_dates: tuple[OtherDate, ...] = ()
    note: Text | None = None
