"""The command line: a thin layer over the library (``alliances`` and ``python -m alliances``).

Each command maps onto one library call; ``--format text|json|csv`` is shared; answers go to
stdout, errors to stderr with a non-zero exit (2 for a usage or lookup error, 1 for bad data).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import api, codec, plot, present
from .answers import Result
from .covered import CoverageReport
from .dataset import Dataset
from .errors import SHOWN, AlliancesError, DataError
from .evidence import Checks
from .vocabulary import Role

EXAMPLES = {
    "members": "alliances members CSTO --on 2010-06-01",
    "overlap": "alliances overlap CSTO OTS --format json",
    "overlap-periods": "alliances overlap-periods CSTO OTS",
    "memberships": "alliances memberships 'Kyrgyz Republic'",
    "history": "alliances history UZB --explain",
    "resolve": "alliances resolve Türkiye",
    "codes": "alliances codes 705",
    "validate": "alliances validate path/to/dataset",
    "office-holders": "alliances office-holders CSTO secretary-general --on 2026-03-01",
    "offices": "alliances offices Masadykov",
    "relations": "alliances relations OTS --kind observer",
    "connections": "alliances connections Türkiye Kazakhstan",
    "in-region": "alliances in-region 'Central Asia'",
    "articles": "alliances articles",
    "passages": "alliances passages CSTO Afghanistan",
    "cross-check": "alliances cross-check",
    "coverage": "alliances coverage --format csv",
    "schema": "alliances schema > data.schema.json",
    "panel": "alliances panel state-year CSTO OTS --from 1992 --to 2026 --format csv",
    "plot": "alliances plot timeline CSTO -o csto.png",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliances",
        description="Who belongs to which alliance, on which date, since when, and on what evidence.",
        epilog="example: alliances overlap CSTO OTS --on 2010-06-01",
    )
    parser.add_argument("--version", action="store_true", help="print the library's and the data's versions")
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format (default: text)")
    shared.add_argument("--data", metavar="DIR", action="append", default=[],
                        help="lay the dataset root DIR (data/ and seeds/) over the bundled data; repeatable")
    shared.add_argument("--explain", action="store_true", help="text format: list the citations behind every line")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--on", metavar="DATE", help="the date asked about, YYYY-MM-DD (default: today)")
    period = argparse.ArgumentParser(add_help=False)
    period.add_argument("--during", metavar="PERIOD",
                        help="at any time within a year (2015), a month (2015-06) or a range (2010..2015)")
    role = argparse.ArgumentParser(add_help=False)
    roles = ", ".join(r.value for r in Role)
    role.add_argument("--role", default="member", help=f"{roles} (default: member)")

    commands = parser.add_subparsers(dest="command", required=False, metavar="COMMAND")

    def add(name: str, help_text: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=parents,
                                   epilog=f"example: {EXAMPLES[name]}")

    region = argparse.ArgumentParser(add_help=False)
    region.add_argument("--region", metavar="REGION", help="only the states of this region (e.g. 'Central Asia')")
    add("members", "members of an organization on a date", [shared, dated, period, role, region]).add_argument("organization")
    add("overlap", "members of all the given organizations at once", [shared, dated, period, role, region]).add_argument(
        "organizations", nargs="+")
    add("overlap-periods", "who belonged to all the organizations at the same time, and when",
        [shared, role]).add_argument("organizations", nargs="+")
    spells = add("memberships", "a state's or organization's memberships", [shared, dated, period])
    spells.add_argument("member")
    spells.add_argument("--role", default=None, help="only spells in this role")
    add("history", "dated events of a state or organization, with citations", [shared]).add_argument("entity")
    add("resolve", "the entity a name, alias or code stands for", [shared]).add_argument("name")
    add("codes", "a state's codes: ISO 3166, COW, Wikidata (a crosswalk)", [shared]).add_argument("name")
    holders = add("office-holders", "who held a post (secretary-general, chair): on a date, or all", [shared, dated, period])
    holders.add_argument("organization")
    holders.add_argument("post")
    add("offices", "the posts a person (or, as chair, a state) held", [shared, dated]).add_argument("holder")
    links = add("relations", "typed, dated relations of an entity", [shared, dated, period])
    links.add_argument("entity")
    links.add_argument("--kind", help="agreement, partnership, priority, concern, member, observer, ...")
    pair = add("connections", "every way two entities are linked", [shared, dated])
    pair.add_argument("a")
    pair.add_argument("b")
    add("in-region", "the states of a region", [shared]).add_argument("region")
    add("articles", "the articles kept in seeds/", [shared])
    found = add("passages", "sentences of the articles naming every given entity", [shared])
    found.add_argument("entities", nargs="+")
    found.add_argument("--source", help="only this article (its source id)")
    cross = add("cross-check", "what the articles state about membership, against the data (exit 1 on a disagreement)",
                [shared])
    cross.add_argument("--source", help="only this article (its source id)")
    panel = add("panel", "a state-year or dyad-year panel in COW IGO's codes", [])
    panel.add_argument("kind", choices=["state-year", "dyad-year"])
    panel.add_argument("organizations", nargs="*", help="default: every organization whose membership is recorded")
    panel.add_argument("--from", dest="first", type=int, metavar="YEAR", help="first year (default: the earliest founding)")
    panel.add_argument("--to", dest="last", type=int, metavar="YEAR", help="last year (default: the data's as-of year)")
    panel.add_argument("--rule", choices=["dec31", "any-day", "majority"], default="dec31",
                       help="how a year is read: the standing on 31 December, on any day, or on most days")
    panel.add_argument("--format", choices=["text", "json", "csv", "parquet"], default="csv", help="default: csv")
    panel.add_argument("--output", "-o", metavar="FILE", help="write to FILE (parquet needs it unless stdout is a file)")
    panel.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    panel.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    add("schema", "the JSON Schema of a data file, for an editor's completion and checks", [])
    report = add("coverage", "what the data records: per organization, its roles and period, spells, sources", [])
    report.add_argument("--format", choices=["text", "json", "csv", "markdown"], default="text",
                        help="output format; markdown gives the codebook's table (default: text)")
    report.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    report.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    check = add("validate", "check a dataset and report every problem", [])
    check.add_argument("directory", nargs="?", help="a dataset root holding data/ and seeds/ (default: the bundled data)")
    check.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    check.add_argument("--format", choices=["text", "json"], default="text")
    drawn = add("plot", "draw a timeline of spells or a membership matrix as PNG or SVG (needs alliances[plot])", [])
    drawn.add_argument("chart", choices=["timeline", "overlap"], help="timeline: one entity's spells; overlap: who is in which")
    drawn.add_argument("names", nargs="+", help="timeline: a state or organization; overlap: the organizations")
    drawn.add_argument("--on", metavar="DATE", help="overlap: the date asked about, YYYY-MM-DD (default: today)")
    drawn.add_argument("--output", "-o", metavar="FILE", required=True, help="the file to write: .png, .svg or .pdf")
    drawn.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    return parser


def _dataset(args: argparse.Namespace) -> Dataset:
    return api.load(extra=args.data)


def _answer(args: argparse.Namespace, ds: Dataset) -> Any:
    commands: dict[str, Callable[[], Any]] = {
        "members": lambda: ds.members(args.organization, on=args.on, role=args.role, region=args.region,
                                      during=args.during),
        "overlap": lambda: ds.overlap(*args.organizations, on=args.on, role=args.role, region=args.region,
                                      during=args.during),
        "overlap-periods": lambda: ds.overlap_periods(*args.organizations, role=args.role),
        "memberships": lambda: ds.memberships(args.member, on=args.on, role=args.role, during=args.during),
        "history": lambda: ds.history(args.entity),
        "resolve": lambda: ds.resolve(args.name),
        "codes": lambda: ds.codes(args.name),
        "office-holders": lambda: ds.office_holders(args.organization, args.post, on=args.on, during=args.during),
        "offices": lambda: ds.offices(args.holder, on=args.on),
        "relations": lambda: ds.relations(args.entity, kind=args.kind, on=args.on, during=args.during),
        "connections": lambda: ds.connections(args.a, args.b, on=args.on),
        "in-region": lambda: ds.in_region(args.region),
        "articles": lambda: ds.articles(),
        "passages": lambda: ds.passages(*args.entities, source=args.source),
        "cross-check": lambda: ds.cross_check(args.source),
        "coverage": lambda: ds.coverage(),
        "panel": lambda: ds.panel(args.kind, args.organizations or None, _years(ds, args), args.rule),
    }
    return commands[args.command]()


def _years(ds: Dataset, args: argparse.Namespace) -> range | None:
    if args.first is None and args.last is None:
        return None
    first = args.first if args.first is not None else min(o.founded.date.year for o in ds.organizations)
    last = args.last if args.last is not None else ds.info.as_of.year
    return range(first, last + 1)


def _write_parquet(result: Result[Any], output: str | None) -> int:
    data = present.parquet_bytes(result.to_records(), result.columns)
    if output:
        with open(output, "wb") as out:
            out.write(data)
    elif sys.stdout.isatty():
        print("alliances: parquet is binary: give --output FILE, or send stdout to a file", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
    return 0


def _render(result: Any, fmt: str, explain: bool, ds: Dataset) -> str:
    if isinstance(result, CoverageReport) and fmt == "markdown":
        return result.markdown()
    if isinstance(result, Result):
        rows = result.to_records()
        if fmt == "json":
            return present.json_text(_json_answer(result, rows, ds))
        if fmt == "csv":
            return present.csv_text(rows, result.columns).rstrip("\n")
        return result.explain() if explain else result.as_text()
    record = codec.write(result, defaults=True)  # an entity, from resolve
    if fmt == "json":
        return present.json_text(record)
    rows = [{"field": key, "value": value} for key, value in record.items() if key != "citations"]
    return present.csv_text(rows).rstrip("\n") if fmt == "csv" else present.text_table(rows, result.name)


def _json_answer(result: Result[Any], rows: list[dict[str, Any]], ds: Dataset) -> dict[str, Any]:
    """The answer as JSON: the question as fields, the data's version, each row with the ids of the
    citations behind it, and the citations once each."""
    ids: dict[tuple[Any, ...], str] = {}
    citations: list[dict[str, Any]] = []
    for row, cited in zip(rows, result.row_citations()):
        row["citations"] = []
        for citation in cited:
            key = (citation.source.id, citation.quote, citation.locator)
            if key not in ids:
                ids[key] = f"c{len(ids) + 1}"
                citations.append({"id": ids[key], **_citation_record(citation)})
            if ids[key] not in row["citations"]:
                row["citations"].append(ids[key])
    return {"question": dict(result.question), "title": result.title,
            "data": {"version": ds.version, "as_of": ds.as_of}, "notes": list(result.notes),
            "beyond_as_of": result.beyond_as_of, "results": rows, "citations": citations}


def _citation_record(citation: Any) -> dict[str, Any]:
    source = citation.source
    return {"source": source.id, "title": source.title, "publisher": source.publisher, "url": source.url,
            "published": str(source.published) if source.published else None,
            "quote": citation.quote, "start": citation.start, "end": citation.end, "locator": citation.locator}


def _validate(args: argparse.Namespace) -> int:
    try:
        ds = api.load(args.directory, extra=args.data)
    except DataError as exc:
        if args.format == "json":
            print(present.json_text({"valid": False, "problems": [p.as_dict() for p in exc.problems]}))
        else:  # a fixed number in full, the rest counted: all of them are in --format json
            print("\n".join(str(p) for p in exc.problems[:SHOWN]), file=sys.stderr)
            more = len(exc.problems) - SHOWN
            if more > 0:
                print(f"... and {more} more (--format json lists every one)", file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    summary = {"valid": True, "version": ds.version, "as_of": ds.as_of, "states": len(ds.states),
               "organizations": len(ds.organizations), "spells": len(ds.spells), "sources": len(ds.sources)}
    print(present.json_text(summary) if args.format == "json" else f"valid: {ds!r}")
    return 0


def _version() -> int:
    from . import __version__

    try:
        ds = api.load()
    except AlliancesError as exc:
        print(f"alliances {__version__}; the bundled data does not load: {exc}", file=sys.stderr)
        return 1
    print(f"alliances {__version__}, data {ds.version} (as of {ds.as_of})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        return _version()
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("alliances: name a command (alliances --help lists them)", file=sys.stderr)
        return 2
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "schema":
            from .schema import schema_text

            sys.stdout.write(schema_text())
            return 0
        if args.command == "plot":
            return plot.save(args.chart, args.names, args.output, on=args.on, dataset=_dataset(args))
        ds = _dataset(args)
        result = _answer(args, ds)
        if args.format == "parquet":
            return _write_parquet(result, getattr(args, "output", None))
        text = _render(result, args.format, args.explain, ds)
        if getattr(args, "output", None):
            with open(args.output, "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            print(text)
        if getattr(result, "beyond_as_of", False):
            print(f"alliances: note: the data is as of {ds.as_of}", file=sys.stderr)
        return 1 if isinstance(result, Checks) and not result.agree else 0
    except DataError as exc:
        print(f"alliances: {exc}", file=sys.stderr)
        return 1
    except (AlliancesError, LookupError, ValueError, FileNotFoundError) as exc:
        print(f"alliances: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `alliances ... | head` is fine
        return 0
