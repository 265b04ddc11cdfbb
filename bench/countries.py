"""Country-name resolution: alliances against pycountry and country_converter on one labelled list.

``names.csv`` holds hand-labelled names (``name,expected_iso3,kind``); an empty ``expected_iso3``
means "not a country": an organization (CSTO), a region, a fiction, or a dissolved state with no
ISO 3166-1 code of its own (USSR). Every resolver is asked for an ISO alpha-3 code and scored:

* right: it gave the expected code (or, for a row with no code, gave nothing);
* wrong: it gave another code, or a code where none was expected (a confident error);
* no answer: it gave nothing where a code was expected.

alliances answers with an entity; its ``iso3`` is the answer, so an organization (``resolve("CSTO")``
finds the CSTO) or a state without a code counts as no answer, which is right for a list of
countries. Each tool is used the way its documentation recommends for repeated lookups, and its
one-time set-up is timed apart from the per-name cost.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

NAMES = Path(__file__).with_name("names.csv")
_COCO_MISSING = "not found"  # with not_found=None coco echoes the input, so "RUS" and "UAE" look alike

Resolver = Callable[[str], str | None]


@dataclass(frozen=True)
class Row:
    name: str
    expected: str | None
    kind: str


@dataclass
class Score:
    """One resolver's answers on the list, and its cost."""

    tool: str
    setup_s: float
    per_name_s: float
    right: int = 0
    wrong: int = 0
    no_answer: int = 0
    right_by_kind: dict[str, int] = field(default_factory=dict)
    wrong_names: list[str] = field(default_factory=list)
    note: str = ""


def read_names(path: Path = NAMES) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Row(r["name"], r["expected_iso3"] or None, r["kind"]) for r in csv.DictReader(handle)]


# -- the resolvers, each built once --------------------------------------------------------


def alliances_resolver() -> Resolver:
    """The public ``alliances.resolve``; an unknown name raises, which costs its suggestions."""
    import alliances

    alliances.load()  # loading the bundled data is set-up, not per-name cost

    def resolve(name: str) -> str | None:
        try:
            return getattr(alliances.resolve(name), "iso3", None)
        except LookupError:
            return None

    return resolve


def alliances_get_resolver() -> Resolver:
    """``Dataset.get``: the same index, ``None`` for an unknown name and no suggestions."""
    import alliances

    ds = alliances.load()
    return lambda name: getattr(ds.get(name), "iso3", None)


def pycountry_resolver() -> Resolver:
    import pycountry

    pycountry.countries.lookup("France")  # pycountry loads its database on first use

    def resolve(name: str) -> str | None:
        try:
            return pycountry.countries.lookup(name).alpha_3
        except LookupError:
            return None

    return resolve


def coco_resolver() -> Resolver:
    """One CountryConverter built once; a list answer (ambiguous name) is kept as given."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)  # it warns on every miss
    converter = coco.CountryConverter()

    def resolve(name: str) -> str | None:
        found = converter.convert(name, to="ISO3", not_found=_COCO_MISSING)
        if isinstance(found, list):
            return found[0] if len(found) == 1 else "|".join(found)
        return None if found == _COCO_MISSING else found

    return resolve


TOOLS: dict[str, tuple[str, Callable[[], Resolver]]] = {
    "alliances.resolve": ("alliances", alliances_resolver),
    "alliances Dataset.get": ("alliances", alliances_get_resolver),
    "pycountry countries.lookup": ("pycountry", pycountry_resolver),
    "country_converter CountryConverter().convert": ("country_converter", coco_resolver),
}


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# -- measuring ------------------------------------------------------------------------------


def score(tool: str, resolve: Resolver, rows: list[Row], setup_s: float, per_name_s: float) -> Score:
    result = Score(tool, setup_s, per_name_s)
    for row in rows:
        answer = _quietly(resolve, row.name)
        if answer == row.expected:
            result.right += 1
            result.right_by_kind[row.kind] = result.right_by_kind.get(row.kind, 0) + 1
        elif answer is None:
            result.no_answer += 1
        else:
            result.wrong += 1
            result.wrong_names.append(f"{row.name!r} -> {answer} (expected {row.expected or 'nothing'})")
    return result


def _quietly(resolve: Resolver, name: str) -> str | None:
    """Call a resolver with its stray prints and warnings kept off the report."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return resolve(name)


def time_per_name(resolve: Resolver, names: list[str], budget_s: float) -> float:
    """Best pass over the whole list, per name; as many passes as fit in ``budget_s`` (at least 2)."""
    best, spent, passes = float("inf"), 0.0, 0
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        while passes < 2 or (spent < budget_s and passes < 50):
            started = time.perf_counter()
            for name in names:
                resolve(name)
            elapsed = time.perf_counter() - started
            best, spent, passes = min(best, elapsed), spent + elapsed, passes + 1
    return best / len(names)


def coco_module_convert_cost(name: str = "Kyrgyz Republic", calls: int = 3) -> float:
    """The module-level ``coco.convert`` builds a converter on every call: its cost per call."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    best = float("inf")
    for _ in range(calls):
        started = time.perf_counter()
        coco.convert(name, to="ISO3")
        best = min(best, time.perf_counter() - started)
    return best


def compare(budget_s: float = 2.0) -> dict[str, object]:
    """Score and time every installed tool on names.csv; a missing tool is reported, not fatal."""
    rows = read_names()
    names = [r.name for r in rows]
    scores, missing = [], []
    for tool, (module, build) in TOOLS.items():
        if not installed(module):
            missing.append(module)
            continue
        started = time.perf_counter()
        resolve = build()
        setup = time.perf_counter() - started
        scores.append(score(tool, resolve, rows, setup, time_per_name(resolve, names, budget_s)))
    module_convert = coco_module_convert_cost() if installed("country_converter") else None
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    return {"names": len(rows), "kinds": kinds, "scores": [asdict(s) for s in scores],
            "missing": sorted(set(missing)), "coco_module_convert_s": module_convert}
