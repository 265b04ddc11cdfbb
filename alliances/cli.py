"""The command line: a thin layer over the library (``alliances`` and ``python -m alliances``).

Each command maps onto one library call; ``--format text|json|csv`` is shared; answers go to
stdout, errors to stderr with a non-zero exit (2 for a usage or lookup error, 1 for bad data).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import api, present
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
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliances",
        description="Who belongs to which alliance, on which date, since when, and on what evidence.",
        epilog="example: alliances overlap CSTO OTS --on 2010-06-01",
    )
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format (default: text)")
    shared.add_argument("--data", metavar="DIR", action="append", default=[],
                        help="lay the dataset root DIR (data/ and seeds/) over the bundled data; repeatable")
    shared.add_argument("--explain", action="store_true", help="text format: list the citations behind every line")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--on", metavar="DATE", help="the date asked about, YYYY-MM-DD (default: today)")
    role = argparse.ArgumentParser(add_help=False)
    roles = ", ".join(r.value for r in Role)
    role.add_argument("--role", default="member", help=f"{roles} (default: member)")

    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=parents,
                                   epilog=f"example: {EXAMPLES[name]}")

    region = argparse.ArgumentParser(add_help=False)
    region.add_argument("--region", metavar="REGION", help="only the states of this region (e.g. 'Central Asia')")
    add("members", "members of an organization on a date", [shared, dated, role, region]).add_argument("organization")
    add("overlap", "members of all the given organizations at once", [shared, dated, role, region]).add_argument(
        "organizations", nargs="+")
    add("overlap-periods", "who belonged to all the organizations at the same time, and when",
        [shared, role]).add_argument("organizations", nargs="+")
    spells = add("memberships", "a state's or organization's memberships", [shared, dated])
    spells.add_argument("member")
    spells.add_argument("--role", default=None, help="only spells in this role")
    add("history", "dated events of a state or organization, with citations", [shared]).add_argument("entity")
    add("resolve", "the entity a name, alias or code stands for", [shared]).add_argument("name")
    holders = add("office-holders", "who held a post (secretary-general, chair): on a date, or all", [shared, dated])
    holders.add_argument("organization")
    holders.add_argument("post")
    add("offices", "the posts a person (or, as chair, a state) held", [shared, dated]).add_argument("holder")
    links = add("relations", "typed, dated relations of an entity", [shared, dated])
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
    report = add("coverage", "what the data records: per organization, its roles and period, spells, sources", [])
    report.add_argument("--format", choices=["text", "json", "csv", "markdown"], default="text",
                        help="output format; markdown gives the codebook's table (default: text)")
    report.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    report.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    check = add("validate", "check a dataset and report every problem", [])
    check.add_argument("directory", nargs="?", help="a dataset root holding data/ and seeds/ (default: the bundled data)")
    check.add_argument("--data", metavar="DIR", action="append", default=[], help="also lay DIR over it; repeatable")
    check.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _dataset(args: argparse.Namespace) -> Dataset:
    return api.load(extra=args.data)


def _answer(args: argparse.Namespace, ds: Dataset) -> Any:
    commands: dict[str, Callable[[], Any]] = {
        "members": lambda: ds.members(args.organization, on=args.on, role=args.role, region=args.region),
        "overlap": lambda: ds.overlap(*args.organizations, on=args.on, role=args.role, region=args.region),
        "overlap-periods": lambda: ds.overlap_periods(*args.organizations, role=args.role),
        "memberships": lambda: ds.memberships(args.member, on=args.on, role=args.role),
        "history": lambda: ds.history(args.entity),
        "resolve": lambda: ds.resolve(args.name),
        "office-holders": lambda: ds.office_holders(args.organization, args.post, on=args.on),
        "offices": lambda: ds.offices(args.holder, on=args.on),
        "relations": lambda: ds.relations(args.entity, kind=args.kind, on=args.on),
        "connections": lambda: ds.connections(args.a, args.b, on=args.on),
        "in-region": lambda: ds.in_region(args.region),
        "articles": lambda: ds.articles(),
        "passages": lambda: ds.passages(*args.entities, source=args.source),
        "cross-check": lambda: ds.cross_check(args.source),
        "coverage": lambda: ds.coverage(),
    }
    return commands[args.command]()


def _render(result: Any, fmt: str, explain: bool) -> str:
    if isinstance(result, CoverageReport) and fmt == "markdown":
        return result.markdown()
    if isinstance(result, Result):
        rows = result.to_records()
        if fmt == "json":
            return present.json_text({"query": result.title, "notes": list(result.notes), "results": rows,
                                      "citations": [_citation_record(c) for c in result.citations]})
        if fmt == "csv":
            return present.csv_text(rows).rstrip("\n")
        return result.explain() if explain else repr(result)
    record = result.model_dump(mode="json")  # an entity, from resolve
    if fmt == "json":
        return present.json_text(record)
    rows = [{"field": key, "value": value} for key, value in record.items() if key != "citations"]
    return present.csv_text(rows).rstrip("\n") if fmt == "csv" else present.text_table(rows, result.name)


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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        ds = _dataset(args)
        result = _answer(args, ds)
        print(_render(result, args.format, args.explain))
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
