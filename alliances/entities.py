"""The entities: states, organizations (with their names over time and the coverage of their
membership), people and regions, and the typed references other records make to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from .cited import Citations, Milestone, Ref
from .dates import PartialDate, Period, widest_period
from .errors import RuleError
from .fields import QID, Id, Record, Rule, Text, record
from .vocabulary import RegionStandard, Role


@record
class Entity(Record):
    """Anything that can be a member: a state or an organization."""

    kind: ClassVar[str] = "entity"  # "state", "organization", "person", "region": what a reference checks
    id: Id
    name: Text
    official_name: Text | None = None
    aliases: tuple[Text, ...] = ()
    wikidata: QID | None = None
    citations: Citations
    note: Text | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this entity is known by, its id first."""
        return self._names()

    def _names(self) -> tuple[str, ...]:
        # A method the kinds extend, not super().names: zero-argument super() fails in a slotted dataclass.
        return (self.id, *self._mention_names())

    @property
    def mention_names(self) -> tuple[str, ...]:
        """The names an article may use for this entity: names and aliases, never bare codes."""
        return tuple(dict.fromkeys(self._mention_names()))

    def _mention_names(self) -> tuple[str, ...]:
        # the names without the codes: what _names gives after the id, and what the kinds extend
        return (self.name, *([self.official_name] if self.official_name else []), *self.aliases)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.name}>"

    def _repr_html_(self) -> str:
        from .present import html_card

        codes = [(k, getattr(self, k, None)) for k in ("iso3", "cow", "wikidata", "abbreviation")]
        return html_card(repr(self), [("official name", self.official_name), ("aliases", list(self.aliases)),
                                      *codes, ("note", self.note)])


@record
class State(Entity):
    """A country, or an entity with limited recognition (which has no ISO codes)."""

    kind: ClassVar[str] = "state"
    iso2: Annotated[str, Rule(pattern=r"^[A-Z]{2}$")] | None = None
    iso3: Annotated[str, Rule(pattern=r"^[A-Z]{3}$")] | None = None
    iso_numeric: Annotated[str, Rule(pattern=r"^[0-9]{3}$")] | None = None
    cow: Annotated[int, Rule(ge=2, le=999)] | None = None
    cow_abbr: Annotated[str, Rule(pattern=r"^[A-Z]{3}$")] | None = None
    limited_recognition: bool = False
    established: Milestone  # from when it exists as a state (its act of independence)

    def _names(self) -> tuple[str, ...]:
        codes = tuple(code for code in (self.iso2, self.iso3, self.cow_abbr) if code)
        return (*Entity._names(self), *codes)


@record
class NameSpell(Record):
    """A name an organization bore from ``start`` until ``end``."""

    name: Text
    abbreviation: Text | None = None
    start: PartialDate
    end: PartialDate | None = None
    citations: Citations


@record
class Seat(Record):
    city: Text
    country: Text
    citations: Citations


@record
class Coverage(Record):
    """Whose membership the data records for an organization: for which roles, over which period.

    A question outside it raises :class:`~alliances.errors.NotCoveredError` instead of answering
    "no members"; inside it, an empty answer means that nobody held that status on that day.
    """

    roles: Annotated[tuple[Role, ...], Rule(min_length=1)]
    start: PartialDate | None = None  # default: the founding
    end: PartialDate | None = None  # default: the dissolution, else the dataset's as-of date
    of: Literal["all", "states", "organizations"] = "all"  # which kind of member is recorded in full
    note: Text | None = None

    def describe(self) -> str:
        """The roles and period in words: "members and observers from 2009-10-03 (states only)"."""
        names = [f"{role.value}s" for role in self.roles]
        roles = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        since = f" from {self.start}" if self.start else ""
        until = f" to {self.end}" if self.end else ""
        kind = "" if self.of == "all" else f" ({self.of} only)"
        return f"{roles}{since}{until}{kind}"


@record
class Organization(Entity):
    """An alliance or intergovernmental organization, with its names over time."""

    kind: ClassVar[str] = "organization"
    abbreviation: Text
    founded: Milestone
    instrument: Text
    dissolved: Milestone | None = None
    former_names: tuple[NameSpell, ...] = ()
    seat: Seat | None = None
    predecessor: Id | None = None  # the organization it grew out of (the Shanghai Five for the SCO)
    organ_of: Id | None = None  # the organization it is a body of (the CSTO Parliamentary Assembly)
    coverage: tuple[Coverage, ...] = ()  # empty: its members are not recorded

    def _mention_names(self) -> tuple[str, ...]:
        former = tuple(n for spell in self.former_names for n in (spell.name, spell.abbreviation) if n)
        return (*Entity._mention_names(self), self.abbreviation, *former)

    @property
    def period(self) -> Period:
        end = self.dissolved.date if self.dissolved else None
        return widest_period(self.founded.date, end)

    def covers(self, role: Role, day: dt.date) -> bool:
        """Whether the data records every ``role`` spell of this organization on ``day``.

        Before the founding and after the dissolution it does, trivially: nobody held any role.
        """
        if day not in self.period:
            return True
        return any(role in entry.roles and _within(entry, day) for entry in self.coverage)

    def recorded(self) -> str:
        """What the data records of this organization's membership, in words."""
        if not self.coverage:
            return f"the data does not record the membership of {self.abbreviation}"
        return f"for {self.abbreviation}, the data records " + "; ".join(e.describe() for e in self.coverage)


@record
class Person(Entity):
    """A person who holds or held an office (a secretary-general) or speaks for a state."""

    kind: ClassVar[str] = "person"


def _within(entry: Coverage, day: dt.date) -> bool:
    after_start = entry.start is None or entry.start.earliest() <= day
    before_end = entry.end is None or day <= entry.end.latest()
    return after_start and before_end


StateRef = Annotated[State, Ref(State, described="state")]
OrganizationRef = Annotated[Organization, Ref(Organization, described="organization")]
MemberRef = Annotated[State | Organization, Ref(State, Organization, described="state or organization")]
HolderRef = Annotated[Person | State, Ref(Person, State, described="person or state")]


@record
class Region(Entity):
    """A named group of states, with the standard its list follows (UN M49 where it applies)."""

    kind: ClassVar[str] = "region"
    standard: RegionStandard
    code: Annotated[str, Rule(pattern=r"^[0-9]{3}$")] | None = None  # the M49 code
    states: Annotated[tuple[StateRef, ...], Rule(min_length=1)]

    def __post_init__(self) -> None:
        if (self.standard is RegionStandard.UN_M49) != (self.code is not None):
            raise RuleError("region-code", "a UN M49 region has its three-digit code, and only it")


ENTITY_KINDS = "state, organization, person or region"  # what an entity id may name
AnyEntityRef = Annotated[State | Organization | Person | Region,
                         Ref(State, Organization, Person, Region, described=ENTITY_KINDS)]
