"""The data model: entities, membership spells, sources, citations and their vocabularies.

Every model is a frozen pydantic v2 model that rejects unknown keys. References between records
(a spell's member, a citation's source) are written as ids in the YAML and resolved to the objects
themselves while validating, through the validation context (see :mod:`alliances.dataset`); a
model built by hand may pass the objects directly.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Iterator, Literal, Optional, Protocol, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .dates import PartialDate, Period, widest_period

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9._-]{0,63}$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
QID = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True)


# -- vocabularies ---------------------------------------------------------------------------


class Role(str, Enum):
    """The standing of a member in an organization."""

    MEMBER = "member"
    OBSERVER = "observer"
    ASSOCIATE = "associate"
    PARTNER = "partner"
    DIALOGUE_PARTNER = "dialogue-partner"  # the SCO's category below observer (2009-2025)
    PARTICIPANT = "participant"  # takes part without full membership (a CIS founder that never ratified its Charter)
    CANDIDATE = "candidate"  # an applicant the organization has accepted as a candidate (the EU)

    def __str__(self) -> str:
        return self.value


class StartKind(str, Enum):
    """How a spell began."""

    FOUNDING = "founding"  # party to the founding instrument from its signature
    ACCESSION = "accession"  # joined an existing instrument or organization
    RETURN = "return"  # joined again after an earlier spell ended
    GRANT = "grant"  # a status (observer, partner) granted by the organization
    SUCCESSION = "succession"  # took over a predecessor's seat

    def __str__(self) -> str:
        return self.value


class EndKind(str, Enum):
    """How a spell ended."""

    WITHDRAWAL = "withdrawal"
    NON_RENEWAL = "non-renewal"  # did not join the renewal of a fixed-term treaty
    SUSPENSION = "suspension"  # membership suspended by the member or the organization
    EXPULSION = "expulsion"
    UPGRADE = "upgrade"  # status replaced by a higher one (observer to member)
    RECLASSIFICATION = "reclassification"  # the organization replaced the category itself (the SCO's 2025 reform)
    CEASED_TO_EXIST = "ceased-to-exist"  # the member state itself ended (dissolved, or merged into another)
    SUCCEEDED = "succeeded"  # the seat passed to a successor (the Byelorussian SSR's to Belarus)
    DISSOLUTION = "dissolution"

    def __str__(self) -> str:
        return self.value


class QualifierKind(str, Enum):
    """A standing condition inside a spell that does not end it."""

    FROZEN = "frozen"  # the member stops taking part, by its own decision, but stays a member
    SUSPENDED = "suspended"  # the organization suspended the member's rights, and the member stays one
    PARTIAL = "partial"  # takes part in only some of the organization's bodies (France outside NATO's integrated command)

    def __str__(self) -> str:
        return self.value


class DateMeaning(str, Enum):
    """What another date recorded beside a fact's date stands for."""

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ENTRY_INTO_FORCE = "entry-into-force"
    DECISION = "decision"
    ANNOUNCEMENT = "announcement"
    NOTIFICATION = "notification"
    APPLICATION = "application"  # a state applied to join
    DEPOSIT = "deposit"  # an instrument (of ratification, of accession) was deposited
    REFERENDUM = "referendum"
    DECLARATION = "declaration"  # a declaration that preceded the act itself (of sovereignty, of independence)
    REPORTED = "reported"  # another source gives another date for the same fact

    def __str__(self) -> str:
        return self.value


class SourceKind(str, Enum):
    ARTICLE = "article"  # full text kept in seeds/, cited by verbatim quote
    WEB = "web"  # a public page known by its address
    TREATY = "treaty"
    LAW = "law"  # a state's own legal act (a declaration or law of independence)
    DATASET = "dataset"

    def __str__(self) -> str:
        return self.value


# -- sources and citations ------------------------------------------------------------------


class Source(Frozen):
    """A document facts are taken from: an article kept in seeds/, or a public reference."""

    id: Id
    kind: SourceKind
    title: Text
    publisher: Text
    url: Optional[Annotated[str, Field(pattern=r"^https?://\S+$")]] = None
    published: Optional[PartialDate] = None
    accessed: Optional[PartialDate] = None
    file: Optional[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]] = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] = "en"
    note: Optional[Text] = None

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

    def entity(self, key: str) -> Entity: ...


# The resolver of the load under way in this thread (or task). A context variable rather than
# pydantic's validation context: reading it costs a fraction of reading ``info.context``, and it
# is called for every reference of every record.
_CURRENT: ContextVar[Optional[Resolver]] = ContextVar("alliances_resolver", default=None)


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

    source: Source
    quote: Optional[Text] = None
    locator: Optional[Text] = None
    start: Optional[int] = Field(default=None, exclude=True)
    end: Optional[int] = Field(default=None, exclude=True)

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
                resolved["start"], resolved["end"] = locate_quote(resolver.text(source), quote, source)
        elif quote is not None:
            raise PydanticCustomError(
                "quote-outside-seeds",
                "only articles kept in seeds/ are quoted; cite other sources with a locator",
            )
        return {**data, **resolved} if resolved else data

    @field_serializer("source")
    def _source_id(self, source: Source) -> str:
        return source.id


def locate_quote(text: str, quote: str, source: Source) -> tuple[int, int]:
    start = text.find(quote)
    if start < 0:
        from .sources import closest_passage  # only needed on the error path

        raise PydanticCustomError(
            "quote-not-found",
            "the quote is not in {file}; the closest passage is '{closest}'",
            {"file": f"seeds/{source.file}", "closest": closest_passage(text, quote)},
        )
    return start, start + len(quote)


Citations = Annotated[tuple[Citation, ...], Field(min_length=1)]


# -- dated facts ----------------------------------------------------------------------------


class OtherDate(Frozen):
    """Another date for the same fact: a ratification, or a date another source gives."""

    date: PartialDate
    meaning: DateMeaning
    citations: Citations
    note: Optional[Text] = None


class Milestone(Frozen):
    """A dated, cited moment: how a spell began or ended, or when an organization was founded."""

    date: PartialDate
    citations: Citations
    other_dates: tuple[OtherDate, ...] = ()
    note: Optional[Text] = None


class Start(Milestone):
    how: StartKind


class End(Milestone):
    how: EndKind


# -- entities -------------------------------------------------------------------------------


class Entity(Frozen):
    """Anything that can be a member: a state or an organization."""

    id: Id
    name: Text
    official_name: Optional[Text] = None
    aliases: tuple[Text, ...] = ()
    wikidata: Optional[QID] = None
    citations: Citations
    note: Optional[Text] = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this entity is known by, its id first."""
        extra = (self.official_name,) if self.official_name else ()
        return (self.id, self.name, *extra, *self.aliases)

    def __str__(self) -> str:
        return self.name


class State(Entity):
    """A country, or an entity with limited recognition (which has no ISO codes)."""

    kind: Literal["state"] = Field(default="state", exclude=True)
    iso2: Optional[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = None
    iso3: Optional[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = None
    iso_numeric: Optional[Annotated[str, Field(pattern=r"^[0-9]{3}$")]] = None
    cow: Optional[Annotated[int, Field(ge=2, le=999, strict=False)]] = None
    cow_abbr: Optional[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = None
    limited_recognition: bool = False
    established: Optional[Milestone] = None  # from when it exists as a state (its act of independence)

    @property
    def names(self) -> tuple[str, ...]:
        codes = tuple(code for code in (self.iso2, self.iso3, self.cow_abbr) if code)
        return (*super().names, *codes)


class NameSpell(Frozen):
    """A name an organization bore from ``start`` until ``end``."""

    name: Text
    abbreviation: Optional[Text] = None
    start: PartialDate
    end: Optional[PartialDate] = None
    citations: Citations


class Seat(Frozen):
    city: Text
    country: Text
    citations: Citations


class Coverage(Frozen):
    """Whose membership the data records for an organization: for which roles, over which period.

    A question outside it raises :class:`~alliances.errors.NotCoveredError` instead of answering
    "no members"; inside it, an empty answer means that nobody held that status on that day.
    """

    roles: Annotated[tuple[Role, ...], Field(min_length=1)]
    start: Optional[PartialDate] = None  # default: the founding
    end: Optional[PartialDate] = None  # default: the dissolution, else the dataset's as-of date
    of: Literal["all", "states", "organizations"] = "all"  # which kind of member is recorded in full
    note: Optional[Text] = None


class Organization(Entity):
    """An alliance or intergovernmental organization, with its names over time."""

    kind: Literal["organization"] = Field(default="organization", exclude=True)
    abbreviation: Text
    founded: Milestone
    instrument: Text
    dissolved: Optional[Milestone] = None
    former_names: tuple[NameSpell, ...] = ()
    seat: Optional[Seat] = None
    predecessor: Optional[Id] = None  # the organization it grew out of (the Shanghai Five for the SCO)
    organ_of: Optional[Id] = None  # the organization it is a body of (the CSTO Parliamentary Assembly)
    coverage: tuple[Coverage, ...] = ()  # empty: its members are not recorded

    @property
    def names(self) -> tuple[str, ...]:
        former = tuple(n for spell in self.former_names for n in (spell.name, spell.abbreviation) if n)
        return (*super().names, self.abbreviation, *former)

    @property
    def period(self) -> Period:
        end = self.dissolved.date if self.dissolved else None
        return widest_period(self.founded.date, end)


class Person(Entity):
    """A person who holds or held an office (a secretary-general) or speaks for a state."""

    kind: Literal["person"] = Field(default="person", exclude=True)


class RegionStandard(str, Enum):
    """The standard a region's list of states follows."""

    UN_M49 = "UN M49"  # the UN Statistics Division's geographic regions
    CUSTOMARY = "customary"  # a name in common use with no standard list (South Caucasus)

    def __str__(self) -> str:
        return self.value


def entity_ref(*kinds: str) -> BeforeValidator:
    """Resolve an id written in the YAML to the entity, and refuse an entity of the wrong kind."""
    wanted = " or ".join(kinds)

    def resolve(value: Any) -> Any:
        resolver = _CURRENT.get()
        entity = resolver.entity(value) if resolver is not None and isinstance(value, str) else value
        kind = getattr(entity, "kind", None)
        if kind is not None and kind not in kinds:
            raise PydanticCustomError("wrong-kind", "'{key}' is a {kind}; expected a {wanted}",
                                      {"key": entity.id, "kind": kind, "wanted": wanted})
        return entity

    return BeforeValidator(resolve)


_as_id = PlainSerializer(lambda entity: entity.id, return_type=str)
StateRef = Annotated[State, entity_ref("state"), _as_id]
OrganizationRef = Annotated[Organization, entity_ref("organization"), _as_id]
MemberRef = Annotated[Union[State, Organization], Field(discriminator="kind"),
                      entity_ref("state", "organization"), _as_id]
HolderRef = Annotated[Union[Person, State], Field(discriminator="kind"), entity_ref("person", "state"), _as_id]


class Region(Entity):
    """A named group of states, with the standard its list follows (UN M49 where it applies)."""

    kind: Literal["region"] = Field(default="region", exclude=True)
    standard: RegionStandard
    code: Optional[Annotated[str, Field(pattern=r"^[0-9]{3}$")]] = None  # the M49 code
    states: Annotated[tuple[StateRef, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _code_with_standard(self) -> Region:
        if (self.standard is RegionStandard.UN_M49) != (self.code is not None):
            raise PydanticCustomError("region-code", "a UN M49 region has its three-digit code, and only it")
        return self


AnyEntityRef = Annotated[Union[State, Organization, Person, Region], Field(discriminator="kind"),
                         entity_ref("state", "organization", "person", "region"), _as_id]


# -- membership -----------------------------------------------------------------------------


class Qualifier(Frozen):
    """A standing condition inside a spell (frozen participation) with its own dates."""

    kind: QualifierKind
    start: Milestone
    end: Optional[Milestone] = None
    note: Optional[Text] = None


class Spell(Frozen):
    """One spell of one member in one organization, in one role."""

    member: MemberRef
    organization: OrganizationRef
    role: Role
    start: Start
    end: Optional[End] = None
    qualifiers: tuple[Qualifier, ...] = ()
    evidence: tuple[Citation, ...] = ()  # sources attesting the spell as a whole (still running on their date)
    note: Optional[Text] = None

    @cached_property
    def period(self) -> Period:
        """The days this spell covers under the widest-reading rule of :mod:`alliances.dates`."""
        return widest_period(self.start.date, self.end.date if self.end else None)

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation behind this spell: its start, its end, its qualifiers and its evidence."""
        found = list(self.start.citations)
        found += self.end.citations if self.end else ()
        found += self.evidence
        for qualifier in self.qualifiers:
            found += qualifier.start.citations
            found += qualifier.end.citations if qualifier.end else ()
        return tuple(found)

    def qualifiers_on(self, day: dt.date) -> tuple[Qualifier, ...]:
        return tuple(
            q for q in self.qualifiers
            if day in widest_period(q.start.date, q.end.date if q.end else None)
        )

    @property
    def label(self) -> str:
        return f"{self.member.id} in {self.organization.id} as {self.role} from {self.start.date}"

    def __str__(self) -> str:
        until = f" until {self.end.date} ({self.end.how})" if self.end else ""
        return f"{self.member.name}: {self.role} of {self.organization.abbreviation} from {self.start.date} ({self.start.how}){until}"


class DatasetInfo(Frozen):
    """The dataset's own version and the day its facts were last checked."""

    version: Annotated[str, Field(pattern=r"^\d{4}\.\d{1,2}\.\d{1,3}$")]
    as_of: PartialDate
    title: Text
    license: Optional[Text] = None
