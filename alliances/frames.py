"""Whole sections of the data as pandas DataFrames with typed columns (``alliances.table``).

The conversion itself (:func:`alliances.present.dataframe`) is shared with every answer's
``to_dataframe()``; pandas is an optional extra (``pip install 'alliances[pandas]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .answers import Topic, date_fields, source_ids
from .errors import QueryError
from .memberships import SPELL_COLUMNS, spell_record
from .present import dataframe


class TableQuestions(Topic):
    """Whole sections of a dataset as DataFrames."""

    def table(self, name: str) -> Any:
        """``spells``, ``terms``, ``relations``, ``events``, ``states`` or ``organizations``, whole,
        as one DataFrame (needs pandas)."""
        builders = {"spells": self._spells, "terms": self._terms, "relations": self._relations,
                    "events": self._events, "states": self._states, "organizations": self._organizations}
        if name not in builders:
            raise QueryError(f"unknown table {name!r}; the tables are {', '.join(builders)}")
        rows, columns = builders[name]()
        return dataframe(rows, columns)

    def _spells(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        return [spell_record(s) for s in self.index.records.spells], SPELL_COLUMNS

    def _terms(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        rows = [{"organization": t.organization.id, "post": t.post.value, "body": t.body, "holder": t.holder.id,
                 **date_fields("start", t.start.date), **date_fields("end", t.end.date if t.end else None),
                 "acting": t.acting, "sources": source_ids(t.citations)} for t in self.index.records.terms]
        return rows, ("organization", "post", "body", "holder", "start", "start_precision", "end", "end_precision",
                      "acting", "sources")

    def _relations(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        rows = [{"kind": r.kind.value, "subject": r.subject.id, "object": r.object.id,
                 "via": r.via.id if r.via else None, **date_fields("start", r.start.date),
                 **date_fields("end", r.end.date if r.end else None), "sources": source_ids(r.citations)}
                for r in self.index.records.relation_records]
        return rows, ("kind", "subject", "object", "via", "start", "start_precision", "end", "end_precision", "sources")

    def _events(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        rows = [{"id": e.id, "kind": e.kind.value, "title": e.title, **date_fields("date", e.date), "place": e.place,
                 "participants": [p.id for p in e.participants], "sources": source_ids(e.citations)}
                for e in self.index.records.events]
        return rows, ("id", "kind", "title", "date", "date_precision", "place", "participants", "sources")

    def _states(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        rows = [{"id": s.id, "name": s.name, "official_name": s.official_name, "iso2": s.iso2, "iso3": s.iso3,
                 "iso_numeric": s.iso_numeric, "cow": s.cow, "cow_abbr": s.cow_abbr, "wikidata": s.wikidata,
                 "limited_recognition": s.limited_recognition,
                 **date_fields("established", s.established.date if s.established else None)}
                for s in self.index.records.states]
        return rows, _columns(rows, ("id", "name"))

    def _organizations(self) -> tuple[list[dict[str, Any]], Sequence[str]]:
        rows = [{"id": o.id, "name": o.name, "abbreviation": o.abbreviation, "wikidata": o.wikidata,
                 **date_fields("founded", o.founded.date), **date_fields("dissolved", o.dissolved.date if o.dissolved else None),
                 "predecessor": o.predecessor, "organ_of": o.organ_of,
                 "recorded": "; ".join(e.describe() for e in o.coverage) or None}
                for o in self.index.records.organizations]
        return rows, _columns(rows, ("id", "name"))


def _columns(rows: Iterable[dict[str, Any]], fallback: Sequence[str]) -> Sequence[str]:
    first = next(iter(rows), None)
    return list(first) if first else list(fallback)
