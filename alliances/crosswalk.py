"""Codes: a state's crosswalk between ISO 3166, the Correlates of War and Wikidata, for joining
alliances to other data. Every question also accepts any of these codes as a name."""

from __future__ import annotations

from typing import Any

from .answers import Result, Topic, remembered
from .cited import Citation
from .entities import Entity, State
from .index import EntityLike

CODE_COLUMNS = ("id", "name", "iso2", "iso3", "iso_numeric", "cow", "cow_abbr", "wikidata")


def codes_of(entity: Entity) -> dict[str, Any]:
    """An entity's codes as one row (None where it has none)."""
    return {"id": entity.id, "name": entity.name, **{c: getattr(entity, c, None) for c in CODE_COLUMNS[2:]}}


class CodeQuestions(Topic):
    """The crosswalk question of a dataset."""

    @remembered
    def codes(self, name: EntityLike) -> Crosswalk:
        """The codes of the entity known by ``name`` (any name, alias or code: "705", "Q232", "KAZ")."""
        return Crosswalk(self.index.resolve(name))


class Crosswalk(Result[Entity]):
    """One entity's codes, with the citations behind them."""

    columns = CODE_COLUMNS

    def __init__(self, entity: Entity):
        self._items = (entity,)
        self.title = f"codes of {entity.name}" + ("" if isinstance(entity, State) else f" ({type(entity).__name__.lower()})")

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._items

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [self._items[0].citations]

    def to_records(self) -> list[dict[str, Any]]:
        return [codes_of(self._items[0])]
