"""Facts beyond membership: terms in office, typed relations, events, and what articles claim.

Like the models of :mod:`alliances.model`, these are frozen, reject unknown keys and resolve the
ids written in the YAML to the entities themselves while validating. Every vocabulary is closed:
an unknown post, relation kind or event kind is a validation error that lists the known ones.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cached_property
from typing import Annotated, Optional

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .dates import PartialDate, Period, widest_period
from .model import (
    AnyEntityRef,
    Citation,
    Citations,
    Frozen,
    HolderRef,
    Id,
    MemberRef,
    Milestone,
    OrganizationRef,
    Role,
    Text,
)


class Post(str, Enum):
    """An office within an organization."""

    SECRETARY_GENERAL = "secretary-general"  # head of the secretariat
    CHAIR = "chair"  # the rotating chairmanship of the organization's highest body

    def __str__(self) -> str:
        return self.value


# Other words users write for a post, after folding case, spaces and underscores to hyphens.
_POST_WORDS = {"chairmanship": Post.CHAIR, "chairman": Post.CHAIR, "chairperson": Post.CHAIR,
               "presidency": Post.CHAIR, "sg": Post.SECRETARY_GENERAL, "secretary": Post.SECRETARY_GENERAL}


def to_post(post: Post | str) -> Post:
    """The post named by ``post``, forgiving about case, spaces, hyphens and underscores.

    >>> to_post("Secretary_General"), to_post("secretary general"), to_post("Chairmanship")
    (<Post.SECRETARY_GENERAL: 'secretary-general'>, <Post.SECRETARY_GENERAL: 'secretary-general'>, <Post.CHAIR: 'chair'>)
    """
    if isinstance(post, Post):
        return post
    key = re.sub(r"[\s_\-]+", "-", post.strip().casefold())
    try:
        return _POST_WORDS.get(key) or Post(key)
    except ValueError:
        known = ", ".join(p.value for p in Post)
        raise LookupError(f"unknown post {post!r}; the posts are {known}") from None


class _Span:
    """What a fact with a ``start`` and perhaps an ``end`` milestone can say of itself."""

    start: Milestone
    end: Optional[Milestone]

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
    body: Optional[Text] = None  # the organ a chair presides over ("Collective Security Council")
    holder: HolderRef
    start: Milestone
    end: Optional[Milestone] = None
    acting: bool = False  # filled the post ad interim, without appointment
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _holder_fits_post(self) -> Term:
        wanted = "state" if self.post is Post.CHAIR else "person"
        if self.holder.kind != wanted:
            raise PydanticCustomError("wrong-holder", "the {post} is held by a {wanted}, and {key} is a {kind}",
                                      {"post": self.post.value, "wanted": wanted, "key": self.holder.id,
                                       "kind": self.holder.kind})
        return self

    @property
    def label(self) -> str:
        return f"{self.holder.id} as {self.post} of {self.organization.id} from {self.start.date}"

    def __str__(self) -> str:
        acting = "acting " if self.acting else ""
        until = f" until {self.end.date}" if self.end else ""
        return f"{self.holder.name}: {acting}{self.post} of {self.organization.abbreviation} from {self.start.date}{until}"


class RelationKind(str, Enum):
    """How a relation links its subject to its object (a membership is a spell, never a relation)."""

    AGREEMENT = "agreement"  # the two signed an agreement or memorandum with each other
    PARTNERSHIP = "partnership"  # the subject pursues declared cooperation with the object
    PRIORITY = "priority"  # the subject declares the object a priority
    CONCERN = "concern"  # the subject declares the object a concern

    def __str__(self) -> str:
        return self.value


class Relation(_Span, Frozen):
    """A dated, cited, typed link from ``subject`` to ``object``, perhaps ``via`` an organization."""

    kind: RelationKind
    subject: AnyEntityRef
    object: AnyEntityRef
    via: Optional[OrganizationRef] = None  # the organization the link runs through
    declared_by: Optional[AnyEntityRef] = None  # who stated a priority or concern for the subject
    title: Optional[Text] = None  # the instrument's title, for an agreement
    start: Milestone  # signed, declared, or first attested
    end: Optional[Milestone] = None
    note: Optional[Text] = None

    @model_validator(mode="after")
    def _two_sides(self) -> Relation:
        if self.subject.id == self.object.id:
            raise PydanticCustomError("self-relation", "a relation links two different entities")
        return self

    @property
    def label(self) -> str:
        return f"{self.kind} {self.subject.id} -> {self.object.id} from {self.start.date}"

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


class EventKind(str, Enum):
    """What kind of happening an event is."""

    SUMMIT = "summit"  # a meeting of heads of state (a council session)
    MEETING = "meeting"  # a meeting of officials
    SIGNING = "signing"  # the signature of an instrument

    def __str__(self) -> str:
        return self.value


class Event(Frozen):
    """A dated, cited happening that links entities: a summit, a meeting, a signature."""

    id: Id
    kind: EventKind
    title: Text
    date: PartialDate
    place: Optional[Text] = None
    participants: Annotated[tuple[AnyEntityRef, ...], Field(min_length=1)]
    citations: Citations
    note: Optional[Text] = None

    @property
    def label(self) -> str:
        return f"{self.id} on {self.date}"

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
    note: Optional[Text] = None

    @property
    def label(self) -> str:
        return f"claim on {self.organization.id} on {self.on}"
