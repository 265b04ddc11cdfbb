"""Facts beyond membership: terms in office, typed relations, events, and what sources claim.

Like every record, these are frozen, reject unknown keys and resolve the ids written in the YAML
to the entities themselves while validating.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .cited import Citation, Citations, Milestone
from .dates import PartialDate, Period, widest_period
from .entities import AnyEntityRef, HolderRef, MemberRef, OrganizationRef
from .fields import Frozen, Id, Text
from .vocabulary import EventKind, Post, RelationKind, Role


class _Span:
    """What a fact with a ``start`` and perhaps an ``end`` milestone can say of itself."""

    start: Milestone
    end: Milestone | None

    @cached_property
    def period(self) -> Period:
        """The days it covers under the widest-reading rule of :mod:`alliances.dates`."""
        return widest_period(self.start.date, self.end.date if self.end else None)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return (*self.start.citations, *(self.end.citations if self.end else ()))


class Term(_Span, Frozen):
    """One holder's time in one post: a person as secretary-general, a state as chair."""

    organization: OrganizationRef
    post: Post
    body: Text | None = None  # the organ a chair presides over ("Collective Security Council")
    holder: HolderRef
    start: Milestone
    end: Milestone | None = None
    acting: bool = False  # filled the post ad interim, without appointment
    note: Text | None = None

    @model_validator(mode="after")
    def _holder_fits_post(self) -> Term:
        wanted = "state" if self.post is Post.CHAIR else "person"
        if self.holder.kind != wanted:
            raise PydanticCustomError("wrong-holder", "the {post} is held by a {wanted}, and {key} is a {kind}",
                                      {"post": self.post.value, "wanted": wanted, "key": self.holder.id,
                                       "kind": self.holder.kind})
        return self


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


class Relation(_Span, Frozen):
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

    @model_validator(mode="after")
    def _two_sides(self) -> Relation:
        if self.subject.id == self.object.id:
            raise PydanticCustomError("self-relation", "a relation links two different entities")
        return self


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


class Event(Frozen):
    """A dated, cited happening that links entities: a summit, a meeting, a signature."""

    id: Id
    kind: EventKind
    title: Text
    date: PartialDate
    place: Text | None = None
    participants: Annotated[tuple[AnyEntityRef, ...], Field(min_length=1)]
    citations: Citations
    note: Text | None = None


    def __str__(self) -> str:
        place = f" in {self.place}" if self.place else ""
        return f"{self.date}{place}: {self.title}"


class Claim(Frozen):
    """What a source states about an organization's members on a date, for the cross-check.

    ``complete`` says the source gives the whole list ("comprising Russia, Armenia, ...");
    otherwise every member it names must be a member in the data, and no more is asked.
    """

    organization: OrganizationRef
    role: Role = Role.MEMBER
    on: PartialDate
    members: Annotated[tuple[MemberRef, ...], Field(min_length=1)]
    complete: bool = True
    citations: Citations
    note: Text | None = None

