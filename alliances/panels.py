"""Panels: state-year and dyad-year tables in the codes of the COW IGO dataset (v3), for joining
alliances to other panel data by COW, ISO or Wikidata codes.

``status`` follows COW IGO: 1 full member, 2 associate, 3 observer, 0 none of these, -1 the
organization or the state did not exist that year. A year is read by one of three rules: ``dec31``
(the standing on 31 December, the reading closest to COW's own), ``any-day`` (held on any day of
the year) or ``majority`` (held on more than half of its days). Years in which an organization
existed but its membership is not recorded have no rows, never a zero (docs/codebook.md, "Panels").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from .answers import Result, Topic
from .cited import Citation
from .covered import first_uncovered, require_role
from .dates import Period
from .entities import Organization, State
from .errors import QueryError
from .frozen import Frozen, frozen
from .spells import Spell
from .vocabulary import EndKind, Role

# COW IGO v3's codes for the roles alliances records; a candidate for membership holds none of them.
STATUS = {Role.MEMBER: 1, Role.ASSOCIATE: 2, Role.PARTICIPANT: 2, Role.OBSERVER: 3, Role.PARTNER: 3,
          Role.DIALOGUE_PARTNER: 3}
RULES = ("dec31", "any-day", "majority")
KINDS = ("state-year", "dyad-year")
STATE_YEAR_COLUMNS = ("state", "name", "iso3", "cow", "wikidata", "year", "organization", "status", "role",
                      "days", "imprecise")
DYAD_YEAR_COLUMNS = ("state_a", "iso3_a", "cow_a", "state_b", "iso3_b", "cow_b", "year", "shared", "organizations")


@frozen
class Cell(Frozen):
    """One state's standing in one organization in one year, by the rule asked for."""

    status: int
    role: Role | None
    days: int
    imprecise: bool


class PanelQuestions(Topic):
    """The panel questions of a dataset."""

    def panel(self, kind: str = "state-year", organizations: Sequence[str | Organization] | None = None,
              years: Sequence[int] | str | None = None, rule: str = "dec31") -> Panel:
        """A ``state-year`` panel (one row per state, year and organization) or a ``dyad-year`` panel
        (one row per pair of states and year that shared a full membership), for ``organizations``
        (default: every one whose membership is recorded), over ``years`` (a range, a pair, or
        "1992..2026"; default: from the earliest founding to the data's as-of year), by ``rule``."""
        if kind not in KINDS:
            raise QueryError(f"unknown panel {kind!r}; the panels are {', '.join(KINDS)}")
        if rule not in RULES:
            raise QueryError(f"unknown rule {rule!r}; the rules are {', '.join(RULES)}")
        orgs = self._panel_organizations(organizations)
        span = self._years(years, orgs)
        cells = {(org.id, year): self._year(org, year, rule) for org in orgs for year in span}
        states = {s.id: s for s in self.index.records.states}
        if kind == "state-year":
            return Panel(_state_rows(cells, orgs, span), STATE_YEAR_COLUMNS, f"state-year panel ({rule})", states)
        return Panel(_dyad_rows(cells, span), DYAD_YEAR_COLUMNS, f"dyad-year panel ({rule})", states)

    def _panel_organizations(self, names: Sequence[str | Organization] | None) -> list[Organization]:
        if names is None:
            return [o for o in self.index.records.organizations if o.coverage]
        found = [self.index.resolve(name, Organization) for name in names]
        for org in found:
            require_role(org, Role.MEMBER)
        return found

    def _years(self, years: Sequence[int] | str | None, orgs: list[Organization]) -> range:
        if isinstance(years, str):
            first, _, last = years.partition("..")
            try:
                return range(int(first), int(last or first) + 1)
            except ValueError:
                raise QueryError(f"years are written 1992..2026, not {years[:40]!r}") from None
        if years is not None:
            values = list(years)
            return range(min(values), max(values) + 1) if values else range(0)
        start = min((o.founded.date.year for o in orgs), default=self.index.records.info.as_of.year)
        return range(start, self.index.records.info.as_of.year + 1)

    def _year(self, org: Organization, year: int, rule: str) -> dict[str, Cell] | None:
        """Each state's cell in ``org`` in ``year``; None when the year's membership is not recorded."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        existed = org.period.intersect(_year_period(year))
        if existed is not None and existed.end is not None and first_uncovered(
                org, Role.MEMBER, existed.start, existed.end - dt.timedelta(days=1)):
            return None  # the organization existed that year, and its membership is not recorded on every day
        cells: dict[str, Cell] = {}
        for state in self.index.records.states:
            spells = self.index.spells_of_member.get(state.id, ())
            if existed is None or not _state_exists(spells, state, year):
                cells[state.id] = Cell(-1, None, 0, False)
                continue
            cells[state.id] = _cell([s for s in spells if s.organization.id == org.id], first, last, rule)
        return cells


def _year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def _state_exists(spells: Sequence[Spell], state: State, year: int) -> bool:
    """A state exists in a year from its ``established`` year until it ceased to exist: its last
    spell ended because it did (ceased-to-exist, succeeded), and no later spell began (Syria, which
    left the UN for the United Arab Republic in 1958 and took its seat again in 1961, exists)."""
    if state.established is not None and state.established.date.earliest().year > year:
        return False
    ends = [s.end.date.earliest() for s in spells
            if s.end is not None and s.end.how in (EndKind.CEASED_TO_EXIST, EndKind.SUCCEEDED)]
    if not ends:
        return True
    last_end = max(ends)
    return any(s.start.date.earliest() >= last_end for s in spells) or last_end.year >= year


def _cell(spells: list[Spell], first: dt.date, last: dt.date, rule: str) -> Cell:
    """The standing by ``rule``: the highest COW status the spells give that year."""
    year = _year_period(first.year)
    held: dict[Role, int] = defaultdict(int)
    imprecise = False
    for spell in spells:
        meet = spell.period.intersect(year)
        if meet is None or spell.role not in STATUS:
            continue
        assert meet.end is not None  # cut to a year, which ends
        held[spell.role] += (meet.end - meet.start).days
        imprecise |= any(edge is not None and not edge.exact and edge.earliest() <= last and first < edge.latest()
                         for edge in (spell.start.date, spell.end.date if spell.end else None))
    if rule == "dec31":
        roles = [s.role for s in spells if s.role in STATUS and last in s.period]
    elif rule == "any-day":
        roles = [role for role, days in held.items() if days > 0]
    else:
        roles = [role for role, days in held.items() if days * 2 > (last - first).days + 1]
    if not roles:  # none by this rule; the days show what was held at some time of the year
        return Cell(0, None, max(held.values(), default=0), imprecise)
    best = min(roles, key=lambda r: (STATUS[r], r.value))  # 1 (full member) before 2 and 3
    return Cell(STATUS[best], best, held[best], imprecise)


def _state_rows(cells: dict[tuple[str, int], dict[str, Cell] | None], orgs: list[Organization],
                span: range) -> Iterable[tuple[Any, ...]]:
    for org in orgs:
        for year in span:
            year_cells = cells[(org.id, year)]
            for state_id, cell in (year_cells or {}).items():  # a year whose membership is not recorded has no rows
                yield (state_id, year, org.id, cell)


def _dyad_rows(cells: dict[tuple[str, int], dict[str, Cell] | None], span: range) -> Iterable[tuple[Any, ...]]:
    for year in span:
        shared: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (org_id, cell_year), year_cells in cells.items():
            if cell_year != year or year_cells is None:
                continue
            members = sorted(s for s, cell in year_cells.items() if cell.status == 1)
            for pair in combinations(members, 2):
                shared[pair].append(org_id)
        for (a, b), orgs in sorted(shared.items()):
            yield (a, b, year, tuple(orgs))


class Panel(Result[tuple[Any, ...]]):
    """A panel's rows; ``to_records()``, ``to_dataframe()`` and the command line's CSV, JSON and
    Parquet give them with the states' codes beside each."""

    def __init__(self, rows: Iterable[tuple[Any, ...]], columns: tuple[str, ...], title: str,
                 states: Mapping[str, State]):
        self._items = tuple(rows)
        self.columns = columns
        self.title = title
        self._states = states

    def row_citations(self) -> list[tuple[Citation, ...]]:
        return [() for _ in self._items]  # a panel is derived; its spells carry the citations

    def to_records(self) -> list[dict[str, Any]]:
        if self.columns == STATE_YEAR_COLUMNS:
            return [_state_record(self._lookup(s), year, org, cell) for s, year, org, cell in self._items]
        return [_dyad_record(self._lookup(a), self._lookup(b), year, orgs) for a, b, year, orgs in self._items]

    def _lookup(self, key: str) -> State:
        return self._states[key]


def _state_record(state: State, year: int, org: str, cell: Cell) -> dict[str, Any]:
    return {"state": state.id, "name": state.name, "iso3": state.iso3, "cow": state.cow, "wikidata": state.wikidata,
            "year": year, "organization": org, "status": cell.status,
            "role": cell.role.value if cell.role else None, "days": cell.days, "imprecise": cell.imprecise}


def _dyad_record(a: State, b: State, year: int, orgs: tuple[str, ...]) -> dict[str, Any]:
    return {"state_a": a.id, "iso3_a": a.iso3, "cow_a": a.cow, "state_b": b.id, "iso3_b": b.iso3, "cow_b": b.cow,
            "year": year, "shared": len(orgs), "organizations": list(orgs)}
