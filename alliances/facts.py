"""Facts beyond membership: terms in office, typed relations, events, and what sources claim.

Like every record, these are frozen, reject unknown keys and resolve the ids written in the YAML
to the entities themselves while validating.
"""

from __future__ import annotations

from typing import Annotated

from .cited import Citation, Citations, Milestone
from .dates import PartialDate, Period, widest_period
from .entities import AnyEntityRef, HolderRef, MemberRef, OrganizationRef
from .errors import RuleError
from .fields import Id, Record, Rule, Text, record
from .frozen import worked_out
from .vocabulary import EventKind, Post, RelationKind, Role


class _Span(Record):
    """What a fact with a ``start`` and perhaps an ``end`` milestone can say of itself."""

    __slots__ = ()
    start: Milestone
    end: Milestone | None
    period: Period  # the days it covers under the widest-reading rule of :mod:`alliances.dates`

    def _find_period(self) -> None:
        object.__setattr__(self, "period", widest_period(self.start.date, self.end.date if self.end else None))

    @property
    def citations(self) -> tuple[Citation, ...]:
        return (*self.start.citations, *(self.end.citations if self.end else ()))


@record
class Term(_Span):
    """One holder's time in one post: a person as secretary-general, a state as chair."""

    organization: OrganizationRef
    post: Post
    body: Text | None = None  # the organ a chair presides over ("Collective Security Council")
    holder: HolderRef
    start: Milestone
    end: Milestone | None = None
    acting: bool = False  # filled the post ad interim, without appointment
    note: Text | None = None
    period: Period = worked_out()

    def __post_init__(self) -> None:
        wanted = "state" if self.post is Post.CHAIR else "person"
        if self.holder.kind != wanted:
            raise RuleError("wrong-holder", f"the {self.post.value} is held by a {wanted}, and {self.holder.id} "
                            f"is a {self.holder.kind}")
        self._find_period()


    def __repr__(self) -> str:
        until = str(self.end.date) if self.end else ""
        return f"<Term {self.holder.id} {self.post} of {self.organization.id} {self.start.date}..{until}>"

    def _repr_html_(self) -> str:
        from .present import html_card, source_links

        return html_card(repr(self), [("holder", self.holder.name), ("post", str(self.post)), ("body", self.body),
                                      ("note", self.note)]) + f"<p>sources: {source_links(self.citations)}</p>"

    def __str__(self) -> str:
        acting = "acting " if self.acting else ""
        until = f" until {self.end.date}" if self.end else ""
        return f"{self.holder.name}: {acting}{self.post} of {self.organization.abbreviation} from {self.start.date}{until}"


@record
class Relation(_Span):
    """A dated, cited, typed link from ``subject`` to ``object``, perhaps ``via`` an organization."""

    kind: RelationKind
    subject: AnyEntityRef
    object: AnyEntityRef
    via: OrganizationRef | None = None  # the organization the link runs through
    declared_by: AnyEntityRef | None = None  # who stated a priority or concern for the subject
    title: Text | None = None  # the instrument's title, for an agreement
    start: Milestone  # signed, declared, or first attested
    end: Milestone | None = None
    note: Text | None = None
    period: Period = worked_out()

    def __post_init__(self) -> None:
        if self.subject.id == self.object.id:
            raise RuleError("self-relation", "a relation links two different entities")
        self._find_period()


    def __str__(self) -> str:
        via = f" through {self.via.abbreviation}" if self.via else ""
        by = f" (as stated by {self.declared_by.name})" if self.declared_by else ""
        return f"{self.subject.name} {_VERBS[self.kind]} {self.object.name}{via}{by}"


_VERBS = {
    RelationKind.AGREEMENT: "signed an agreement with",
    RelationKind.PARTNERSHIP: "pursues partnership with",
    RelationKind.PRIORITY: "declares a priority:",
    RelationKind.CONCERN: "declares a concern:",
}


@record
class Event(Record):
    """A dated, cited happening that links entities: a summit, a meeting, a signature."""

    id: Id
    kind: EventKind
    title: Text
    date: PartialDate
    place: Text | None = None
    participants: Annotated[tuple[AnyEntityRef, ...], Rule(min_length=1)]
    citations: Citations
    note: Text | None = None


    def __str__(self) -> str:
        place = f" in {self.place}" if self.place else ""
        return f"{self.date}{place}: {self.title}"


@record
class Claim(Record):
    """What a source states about an organization's members on a date, for the cross-check.

    ``complete`` says the source gives the whole list ("comprising Russia, Armenia, ...");
    otherwise every member it names must be a member in the data, and no more is asked.
    """

    organization: OrganizationRef
    role: Role = Role.MEMBER
    on: PartialDate
    members: Annotated[tuple[MemberRef, ...], Rule(min_length=1)]
    complete: bool = True
    citations: Citations
    note: Text | None = None

