"""Membership: one spell of one member in one organization, how it began and ended, and the
standing conditions (frozen, suspended, partial) inside it.
"""

from __future__ import annotations

import datetime as dt

from .cited import Citation, Milestone
from .dates import Period, widest_period
from .entities import MemberRef, OrganizationRef
from .fields import Record, Text, record
from .frozen import worked_out
from .vocabulary import EndKind, QualifierKind, Role, StartKind


@record
class Start(Milestone):
    how: StartKind


@record
class End(Milestone):
    how: EndKind


@record
class Qualifier(Record):
    """A standing condition inside a spell (frozen participation) with its own dates."""

    kind: QualifierKind
    start: Milestone
    end: Milestone | None = None
    note: Text | None = None


@record
class Spell(Record):
    """One spell of one member in one organization, in one role."""

    member: MemberRef
    organization: OrganizationRef
    role: Role
    start: Start
    end: End | None = None
    qualifiers: tuple[Qualifier, ...] = ()
    evidence: tuple[Citation, ...] = ()  # sources attesting the spell as a whole (still running on their date)
    note: Text | None = None
    # The days this spell covers under the widest-reading rule of :mod:`alliances.dates`.
    period: Period = worked_out()

    def __post_init__(self) -> None:
        object.__setattr__(self, "period", widest_period(self.start.date, self.end.date if self.end else None))

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


    def __repr__(self) -> str:
        until = str(self.end.date) if self.end else ""
        return f"<Spell {self.member.id} in {self.organization.id} {self.role} {self.start.date}..{until}>"

    def _repr_html_(self) -> str:
        from .present import html_card, source_links

        qualifiers = [f"{q.kind} from {q.start.date}" + (f" to {q.end.date}" if q.end else "") for q in self.qualifiers]
        card = html_card(repr(self), [("member", self.member.name), ("organization", self.organization.name),
                                      ("start", f"{self.start.date} ({self.start.how})"),
                                      ("end", f"{self.end.date} ({self.end.how})" if self.end else None),
                                      ("qualifiers", qualifiers), ("note", self.note)])
        return card + f"<p>sources: {source_links(self.citations)}</p>"

    def __str__(self) -> str:
        until = f" until {self.end.date} ({self.end.how})" if self.end else ""
        return f"{self.member.name}: {self.role} of {self.organization.abbreviation} from {self.start.date} ({self.start.how}){until}"
