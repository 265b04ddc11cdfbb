"""Benchmark suite: cold start, warm queries, name resolution and scale, measured in one run.

    python bench/run.py                      # everything (a few minutes)
    python bench/run.py --quick              # fewer rounds, scale only at 1x and 10x
    python bench/run.py --only names scale   # some sections
    python bench/run.py --profile --json figures.json

Every ratio in the report is computed from figures taken in this same run on this machine, so
the goals are checked against a floor measured alongside them (``import pydantic`` for the cold
start, country_converter and pycountry for names), never against numbers from elsewhere. The
goals are checked here, on the benchmark, and never as timed tests.

Sections: ``cold`` (new interpreters, interleaved), ``warm`` (the module-level queries on the
bundled data, per call), ``names`` (bench/names.csv against pycountry and country_converter,
when installed: ``pip install -e '.[bench]'``), ``scale`` (synthetic datasets from bench/scale.py
up to 60,000 spells, each load in its own process). ``--profile`` adds a cProfile of the largest
load. Standard library plus the ``bench`` extra only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, however run

import countries
import scaling
import startup

SECTIONS = ("cold", "warm", "names", "scale")
BIG = "60,000 spells"


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures depend on: CPUs, interpreter and the versions of the libraries timed."""
    import pydantic
    import yaml

    info: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "pydantic": pydantic.VERSION,
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
    }
    for module in ("alliances", "pycountry", "country_converter", "pandas"):
        info[module] = _version(module)
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(module: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(module.replace("_", "-") if module == "country_converter" else module)
    except metadata.PackageNotFoundError:
        return None


# -- the report -----------------------------------------------------------------------------


def us(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:,.1f} µs"


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def report_machine(info: dict[str, Any]) -> list[str]:
    yaml_line = f"PyYAML {info['pyyaml']} ({'with' if info['libyaml'] else 'without'} libyaml)"
    return ["machine",
            f"  {info['date']}, {info['cpus']} CPUs ({info['cpu']}), {info['platform']}",
            f"  {info['python']}, pydantic {info['pydantic']}, {yaml_line}",
            f"  pycountry {info['pycountry'] or 'not installed'}, country_converter "
            f"{info['country_converter'] or 'not installed'}, pandas {info['pandas'] or 'not installed'}"]


def report_cold(cold: dict[str, float], rounds: int) -> list[str]:
    floor = cold[startup.FLOOR]
    lines = [f"cold start: median of {rounds} interleaved runs, each in a new interpreter"]
    for name, seconds in cold.items():
        lines.append(f"  {name:36s} {ms(seconds):>10s}   {seconds / floor:5.2f}x {startup.FLOOR}")
    return lines


def report_warm(warm: dict[str, float]) -> list[str]:
    lines = ["warm queries on the bundled data (module-level functions), best of 3, per call"]
    lines += [f"  {name:36s} {us(seconds):>12s}" for name, seconds in warm.items()]
    return lines


def report_names(names: dict[str, Any]) -> list[str]:
    kinds = ", ".join(f"{n} {k}" for k, n in names["kinds"].items())
    lines = [f"name resolution: {names['names']} hand-labelled names ({kinds})",
             f"  {'tool':46s} {'per name':>11s} {'set-up':>8s} {'right':>6s} {'wrong':>6s} {'none':>5s}"]
    for s in names["scores"]:
        lines.append(f"  {s['tool']:46s} {us(s['per_name_s']):>11s} {ms(s['setup_s']):>8s} "
                     f"{s['right']:6d} {s['wrong']:6d} {s['no_answer']:5d}")
    for s in names["scores"]:
        for wrong in s["wrong_names"]:
            lines.append(f"  wrong, {s['tool']}: {wrong}")
    if names["coco_module_convert_s"] is not None:
        lines.append(f"  module-level coco.convert (builds a converter per call): {ms(names['coco_module_convert_s'])} a call")
    for module in names["missing"]:
        lines.append(f"  {module} is not installed: its column is skipped (pip install -e '.[bench]')")
    lines.append("  right = the expected ISO3 (or nothing for a non-country); wrong = another code; none = no answer")
    return lines


def report_scale(scale_results: dict[str, Any]) -> list[str]:
    lines = ["scale: synthetic datasets (bench/scale.py), each load in a fresh process",
             f"  {'size':14s} {'spells':>7s} {'MiB':>5s} {'load':>8s} {'again':>8s} {'fresh 2':>8s} "
             f"{'RSS peak':>9s} {'heap peak':>10s} {'retained':>9s}"]
    for size in scale_results["sizes"]:
        first, fresh, heap = size["first"], size["second_fresh_process"], size.get("heap", {})
        heap_peak = f"{heap['load_peak_mib']:.1f} MiB" if heap else "-"
        kept = f"{heap['retained_mib']:.1f} MiB" if heap else "-"
        lines.append(f"  {size['label']:14s} {first['counts']['spells']:7d} {size['data_mib']:5.1f} "
                     f"{ms(first['load_s']):>8s} {ms(first['second_load_same_process_s']):>8s} "
                     f"{ms(fresh['load_s']):>8s} {first['rss_peak_after_load_mib']:5.0f} MiB "
                     f"{heap_peak:>10s} {kept:>9s}")
    lines.append("  load = first validate-and-load; again = a second load in the same process; fresh 2 = a load")
    lines.append("  in a second fresh process (reading the compiled form the first wrote);")
    lines.append(f"  compiled form: {compiled_form(scale_results)}")
    lines.append("  queries per call (best of 3) on the busiest organizations and member; heap = tracemalloc peak")
    names = list(scale_results["sizes"][0]["first"]["queries_s"])
    lines.append(f"  {'size':14s} " + " ".join(f"{n:>15s}" for n in names))
    for size in scale_results["sizes"]:
        q = size["first"]["queries_s"]
        lines.append(f"  {size['label']:14s} " + " ".join(f"{us(q[n]):>15s}" for n in names))
    for size in scale_results["sizes"][-1:]:
        if "heap" in size:
            peaks = size["heap"]["query_peak_bytes"]
            lines.append(f"  heap per query at {size['label']}: "
                         + ", ".join(f"{n} {peaks[n] / 1024:,.1f} KiB" for n in names if n in peaks))
    return lines


def compiled_form(scale_results: dict[str, Any]) -> str:
    """Whether a load left a compiled form behind that the next fresh process used."""
    largest = scale_results["sizes"][-1]
    written = largest["files_written_by_load"]
    speedup = largest["first"]["load_s"] / largest["second_fresh_process"]["load_s"]
    if written or speedup > 2:
        return f"in use ({', '.join(written) or 'outside the dataset directory'}; {speedup:.1f}x faster than the first load)"
    return "no compiled form yet (the second fresh process reads and validates the YAML again)"


def report_profile(profile: dict[str, Any]) -> list[str]:
    lines = [f"profile of one {profile['label']} load (cProfile, {profile['profiled_load_s']:.1f} s under the profiler)",
             "  own time by stage:"]
    total = sum(profile["own_time_by_stage_s"].values())
    for stage, seconds in sorted(profile["own_time_by_stage_s"].items(), key=lambda kv: -kv[1]):
        lines.append(f"    {stage:50s} {seconds:6.2f} s  {100 * seconds / total:4.0f}%")
    lines.append("  top 25 by cumulative time:")
    lines += ["    " + line for line in profile["top"].strip().splitlines()]
    return lines


# -- the goals ------------------------------------------------------------------------------


def goals(results: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    """(goal, met or None when not measured, the figure it was checked on)."""
    out: list[tuple[str, bool | None, str]] = []
    cold = results.get("cold")
    if cold:
        ratio = cold["import alliances + first overlap"] / cold[startup.FLOOR]
        out.append(("cold start to the first answer <= 3x import pydantic", ratio <= 3, f"{ratio:.2f}x"))
        seconds = cold.get(startup.VALIDATE)
        if seconds is not None:
            out.append(("validate the bundled data on a first load < 2 s", seconds < 2, f"{seconds:.2f} s"))
    big = _size(results, BIG)
    for query, limit in (("members", 10e-6), ("overlap", 15e-6)):
        seconds = big["first"]["queries_s"][query] if big else None
        out.append((f"warm {query} < {limit * 1e6:.0f} µs at 60,000 spells",
                    None if seconds is None else seconds < limit, us(seconds)))
    out += _name_goals(results.get("names"))
    out += _scale_goals(results.get("scale"), big)
    return out


def _size(results: dict[str, Any], label: str) -> dict[str, Any] | None:
    sizes = (results.get("scale") or {}).get("sizes", [])
    return next((s for s in sizes if s["label"] == label), None)


def _name_goals(names: dict[str, Any] | None) -> list[tuple[str, bool | None, str]]:
    scores = {s["tool"]: s for s in (names or {}).get("scores", [])}
    mine = scores.get("alliances.resolve")
    coco = scores.get("country_converter CountryConverter().convert")
    pyc = scores.get("pycountry countries.lookup")
    out: list[tuple[str, bool | None, str]] = []
    out.append(("resolve < 5 µs a name", mine and mine["per_name_s"] < 5e-6, us(mine and mine["per_name_s"])))
    if mine and coco:
        speedup = coco["per_name_s"] / mine["per_name_s"]
        out.append((">= 50x faster than country_converter", speedup >= 50, f"{speedup:.0f}x"))
    else:
        out.append((">= 50x faster than country_converter", None, "country_converter not measured"))
    if mine and pyc:
        out.append(("more right answers than pycountry", mine["right"] > pyc["right"],
                    f"{mine['right']} against {pyc['right']} of {names['names']}"))
    else:
        out.append(("more right answers than pycountry", None, "pycountry not measured"))
    out.append(("no wrong answer", mine and mine["wrong"] == 0, "-" if not mine else f"{mine['wrong']} wrong"))
    return out


def _scale_goals(scale_results: dict[str, Any] | None, big: dict[str, Any] | None):  # type: ignore[no-untyped-def]
    if not big:
        return [(goal, None, "not measured (run without --quick)") for goal in
                ("60,000 spells: first load < 5 s", "60,000 spells: load from the compiled form < 0.5 s",
                 "60,000 spells: peak memory < 300 MiB", "memory grows linearly")]
    first, fresh = big["first"]["load_s"], big["second_fresh_process"]["load_s"]
    peak = big["first"]["rss_peak_after_load_mib"]
    out = [("60,000 spells: first load < 5 s", first < 5, ms(first)),
           ("60,000 spells: load from the compiled form < 0.5 s", fresh < 0.5,
            f"{ms(fresh)}, {compiled_form(scale_results or {})}"),
           ("60,000 spells: peak memory < 300 MiB", peak < 300, f"{peak:.0f} MiB RSS (process peak)")]
    out.append(_linear(scale_results or {}))
    return out


def _linear(scale_results: dict[str, Any]) -> tuple[str, bool | None, str]:
    """Memory per spell from 15,000 to 30,000 and from 30,000 to 60,000 spells (same entities)."""
    steps = [_size({"scale": scale_results}, f"{n:,} spells") for n in (15_000, 30_000, 60_000)]
    if not all(steps) or not all("heap" in s for s in steps):  # type: ignore[operator]
        return ("memory grows linearly", None, "needs the 15,000/30,000/60,000 sizes with heap")
    p = [s["heap"]["load_peak_mib"] for s in steps]  # type: ignore[index]
    low, high = (p[1] - p[0]) / 15, (p[2] - p[1]) / 30  # MiB per 1,000 spells
    ratio = high / low
    return ("memory grows linearly", 0.8 <= ratio <= 1.25,
            f"heap peak {p[0]:.0f}/{p[1]:.0f}/{p[2]:.0f} MiB; {low:.2f} then {high:.2f} MiB per 1,000 spells")


def report_goals(rows: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["goals"]
    for goal, met, figure in rows:
        verdict = "not measured" if met is None else "met" if met else "MISSED"
        lines.append(f"  {verdict:12s} {goal:52s} {figure}")
    return lines


# -- running --------------------------------------------------------------------------------


def run(sections: list[str], quick: bool, rounds: int, profile: bool, log: Callable[[str], None]) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    if "cold" in sections:
        log("cold start ...")
        results["cold"] = startup.cold_start(rounds)
        results["cold_rounds"] = rounds
    if "warm" in sections:
        log("warm queries ...")
        results["warm"] = startup.warm_queries(scaling.per_call)
    if "names" in sections:
        log("name resolution ...")
        results["names"] = countries.compare(budget_s=0.5 if quick else 2.0)
    if "scale" in sections:
        log("scale ...")
        results["scale"] = scaling.measure(quick, heap=True, profile=profile, log=log)
    results["goals"] = [{"goal": g, "met": m, "figure": f} for g, m, f in goals(results)]
    return results


def report(results: dict[str, Any]) -> str:
    lines = report_machine(results["machine"])
    if "cold" in results:
        lines += [""] + report_cold(results["cold"], results["cold_rounds"])
    if "warm" in results:
        lines += [""] + report_warm(results["warm"])
    if "names" in results:
        lines += [""] + report_names(results["names"])
    if "scale" in results:
        lines += [""] + report_scale(results["scale"])
        if results["scale"].get("profile"):
            lines += [""] + report_profile(results["scale"]["profile"])
    lines += [""] + report_goals([(g["goal"], g["met"], g["figure"]) for g in results["goals"]])
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds; scale at 1x and 10x only")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)})")
    parser.add_argument("--rounds", type=int, help="cold-start rounds (default 10, 3 with --quick)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest scale load")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the raw figures as JSON")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 10)
    started = time.perf_counter()
    results = run(list(args.only or SECTIONS), args.quick, rounds, args.profile,
                  lambda message: print(message, file=sys.stderr, flush=True))
    results["elapsed_s"] = time.perf_counter() - started
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
