"""The Dataset: every record of one data directory, its index, and every question, in one value.

A Dataset is its :class:`~alliances.records.Records` (each section a tuple) with the questions of
each topic (membership, history, links, evidence) asked of one :class:`~alliances.index.Index`.
Built only from records that validated whole, so it is never partly loaded; nothing in it can be
changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .cited import Source
from .covered import CoverageQuestions
from .crosswalk import CodeQuestions
from .entities import Entity, Organization
from .evidence import EvidenceQuestions
from .frames import TableQuestions
from .history import HistoryQuestions
from .index import Index
from .links import LinkQuestions
from .loader import load_records
from .membership import MembershipQuestions
from .memberships import MembershipsQuestions
from .mentions import MentionIndex
from .panels import PanelQuestions
from .records import Records

if TYPE_CHECKING:
    from pathlib import Path


class Dataset(Records, MembershipQuestions, MembershipsQuestions, HistoryQuestions, LinkQuestions, EvidenceQuestions,
              CoverageQuestions, TableQuestions, CodeQuestions, PanelQuestions):
    """Every entity, spell, office, relation, event and source of one data directory, with its questions."""

    index: Index

    @classmethod
    def of(cls, records: Records) -> Dataset:
        ds = cls(**records.parts())
        vars(ds).update(records.derived())
        object.__setattr__(ds, "index", Index(ds))
        return ds

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Dataset is read-only: load another one instead")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Dataset is read-only: load another one instead")

    # -- lookups ------------------------------------------------------------------------------

    def resolve(self, name: str | Entity) -> Entity:
        """The entity known by ``name``: any name, alias or code, in any case, with or without accents.

        Raises :class:`~alliances.errors.UnknownNameError` (a ``LookupError``) with suggestions.
        """
        return self.index.resolve(name)

    def get(self, name: str) -> Entity | None:
        """Like :meth:`resolve`, but ``None`` for an unknown name."""
        return self.index.get(name)

    def organization(self, name: str | Organization) -> Organization:
        """The organization known by ``name`` (a name, abbreviation, former name or id)."""
        return self.index.resolve(name, Organization)

    def source(self, key: str) -> Source:
        """The source with this id."""
        return self.index.source(key)

    def text(self, source: str | Source) -> str:
        """The full text of an article kept in seeds/."""
        return self.index.text(source)

    @property
    def mentions(self) -> MentionIndex:
        """Where each entity is named in each article."""
        return self.index.mentions

    def __repr__(self) -> str:
        return (f"<alliances.Dataset {self.version} as of {self.as_of}: {len(self.states)} states, "
                f"{len(self.organizations)} organizations, {len(self.shared_spells)} spells, {len(self.terms)} terms, "
                f"{len(self.relation_records)} relations, {len(self.events)} events, {len(self.sources)} sources>")


def load(path: str | Path | None = None, extra: Sequence[str | Path] = ()) -> Dataset:
    """Read, validate and index the dataset at ``path`` (default: the bundled data), with the user
    directories of ``extra`` laid over it. Raises DataError with every problem found."""
    return Dataset.of(load_records(path, extra))
