"""The goals, each checked on figures measured in this same run: issue 12's first, then the older ones.

Every row is (goal, target, measured, met), ``met`` None when this run did not measure it (a
section left out with ``--only``, or the large sizes with ``--quick``). A first question about a
new day is checked on the slower of the two ways a dataset is loaded (from the YAML, from the
compiled form); memory on the process's peak RSS, the tracemalloc heap peak beside it.
"""

from __future__ import annotations

from typing import Any

import startup

BIG = "60,000 spells"
Row = dict[str, Any]


def us(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:,.1f} µs"


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def row(goal: str, target: str, measured: str, met: bool | None) -> Row:
    return {"goal": goal, "target": target, "measured": measured, "met": met}


def goals(results: dict[str, Any]) -> list[Row]:
    return _cold(results.get("cold")) + _new_day(results) + _memory(results) + _names(results.get("names"))


def size(results: dict[str, Any], label: str) -> dict[str, Any] | None:
    sizes = (results.get("scale") or {}).get("sizes", [])
    return next((s for s in sizes if s["label"] == label), None)


def _cold(cold: dict[str, Any] | None) -> list[Row]:
    checks = [(startup.FRESH, "cold start to a first answer, fresh user (empty cache)"),
              (startup.CACHE_OFF, "cold start to a first answer, ALLIANCES_CACHE=off")]
    if not cold:
        return [row(goal, "<= 1.00x import pydantic", "not measured (section cold)", None) for _, goal in checks] + [
            row("validate the bundled data, first load", "< 2 s", "not measured (section cold)", None)]
    medians = cold["medians_s"]
    floor, pyc = medians[startup.FLOOR], medians[startup.PYCOUNTRY]
    out = []
    for name, goal in checks:
        ratio = medians[name] / floor
        out.append(row(goal, "<= 1.00x import pydantic", f"{ratio:.2f}x ({ms(medians[name])}; pycountry {pyc / floor:.2f}x)",
                       ratio <= 1.0))
    seconds = medians[startup.VALIDATE]
    out.append(row("validate the bundled data, first load", "< 2 s", f"{seconds:.2f} s", seconds < 2))
    return out


def _new_day(results: dict[str, Any]) -> list[Row]:
    bundled = ((results.get("warm") or {}).get("bundled") or {}).get("fresh")
    big = size(results, BIG)
    loads = [big["first"]["fresh"], big["second_fresh_process"]["fresh"]] if big else []
    out = []
    for query, limit in (("members", 10e-6), ("overlap", 15e-6)):
        key = f"{query}_new_day_s"
        target = f"<= {limit * 1e6:.0f} µs"
        goal = f"{query} on a day not asked before"
        out.append(_limit(f"{goal}, bundled data", target, bundled and bundled[key], limit, us, "section warm"))
        worst = max((f[key] for f in loads), default=None)
        row_ = _limit(f"{goal}, {BIG}", target, worst, limit, us, "run without --quick")
        if loads:
            row_["measured"] += f" (from YAML {us(loads[0][key])}, from the compiled form {us(loads[1][key])})"
        out.append(row_)
    out.append(_limit("a first passages(), bundled data", "< 2 ms", bundled and bundled["first_passages_s"], 2e-3,
                      lambda s: f"{s * 1e3:.1f} ms", "section warm"))
    passages = max((f["first_passages_s"] for f in loads), default=None)
    out.append(_limit(f"a first passages(), {BIG}", "< 2 ms", passages, 2e-3, lambda s: f"{s * 1e3:.1f} ms",
                      "run without --quick"))
    return out


def _limit(goal: str, target: str, value: float | None, limit: float, show: Any, missing: str) -> Row:
    if value is None:
        return row(goal, target, f"not measured ({missing})", None)
    return row(goal, target, show(value), value <= limit)


def _memory(results: dict[str, Any]) -> list[Row]:
    big = size(results, BIG)
    goals_ = [("first load of 60,000 spells", "<= 3 s"), ("load of 60,000 spells from the compiled form", "< 0.5 s"),
              ("peak memory, first load of 60,000 spells", "<= 300 MiB"),
              ("peak memory, load of 60,000 spells from the compiled form", "<= 150 MiB"),
              ("memory grows linearly", "0.8-1.25x per spell")]
    if not big:
        return [row(goal, target, "not measured (run without --quick)", None) for goal, target in goals_]
    first, off, again = big["first"], big["cache_off"], big["second_fresh_process"]
    spells = first["counts"]["spells"]
    peak_off, peak_compiled = off["rss_peak_after_load_mib"], again["rss_peak_after_load_mib"]
    heap, heap_compiled = big.get("heap", {}).get("load_peak_mib"), big.get("heap_compiled", {}).get("load_peak_mib")
    return [
        row(goals_[0][0], goals_[0][1], f"{ms(first['load_s'])} (writing the compiled form; cache off: {ms(off['load_s'])})"
            f"{_against_pyyaml(big)}", first["load_s"] <= 3),
        row(goals_[1][0], goals_[1][1], ms(again["load_s"]), again["load_s"] < 0.5),
        row(goals_[2][0], goals_[2][1], f"{peak_off:.0f} MiB RSS, {_per_spell(peak_off, spells)}; heap peak "
            f"{_mib(heap)}", peak_off <= 300),
        row(goals_[3][0], goals_[3][1], f"{peak_compiled:.0f} MiB RSS, {_per_spell(peak_compiled, spells)}; heap peak "
            f"{_mib(heap_compiled)}", peak_compiled <= 150),
        _linear(results),
    ]


def _against_pyyaml(big: dict[str, Any]) -> str:
    """The first load's CPU time as a ratio to libyaml's events and to CSafeLoader on the same files."""
    cal, first = big.get("calibration"), big["first"]
    if not cal or "load_cpu_s" not in first:
        return ""
    cpu = first["load_cpu_s"]
    return f"; CPU {cpu / cal['events_cpu_s']:.2f}x libyaml's events, {cpu / cal['csafeloader_cpu_s']:.2f}x CSafeLoader"


def _per_spell(mib: float, spells: int) -> str:
    return f"{mib * 1024 / spells:.2f} KiB a spell"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MiB"


def _linear(results: dict[str, Any]) -> Row:
    """Heap peak per spell from 15,000 to 30,000 and from 30,000 to 60,000 spells (same entities)."""
    steps = [size(results, f"{n:,} spells") for n in (15_000, 30_000, 60_000)]
    p = [s["heap"]["load_peak_mib"] for s in steps if s and "heap" in s]
    if len(p) != 3:
        return row("memory grows linearly", "0.8-1.25x per spell", "needs the 15,000/30,000/60,000 sizes with heap", None)
    low, high = (p[1] - p[0]) / 15, (p[2] - p[1]) / 30  # MiB per 1,000 spells
    return row("memory grows linearly", "0.8-1.25x per spell",
               f"heap peak {p[0]:.0f}/{p[1]:.0f}/{p[2]:.0f} MiB; {low:.2f} then {high:.2f} MiB per 1,000 spells",
               0.8 <= high / low <= 1.25)


def _names(names: dict[str, Any] | None) -> list[Row]:
    scores = {s["tool"]: s for s in (names or {}).get("scores", [])}
    mine = scores.get("alliances.resolve")
    coco = scores.get("country_converter CountryConverter().convert")
    pyc = scores.get("pycountry countries.lookup")
    if not mine:
        return [row(goal, target, "not measured (section names)", None) for goal, target in
                (("resolve a name", "< 5 µs"), ("faster than country_converter", ">= 50x"),
                 ("right answers", "more than pycountry"), ("wrong answers", "none"))]
    out = [row("resolve a name", "< 5 µs", us(mine["per_name_s"]), mine["per_name_s"] < 5e-6)]
    if coco:
        speedup = coco["per_name_s"] / mine["per_name_s"]
        out.append(row("faster than country_converter", ">= 50x", f"{speedup:.0f}x", speedup >= 50))
    else:
        out.append(row("faster than country_converter", ">= 50x", "country_converter not installed", None))
    if pyc:
        out.append(row("right answers", "more than pycountry", f"{mine['right']} against {pyc['right']} of {names['names']}",  # type: ignore[index]
                       mine["right"] > pyc["right"]))
    else:
        out.append(row("right answers", "more than pycountry", "pycountry not installed", None))
    out.append(row("wrong answers", "none", f"{mine['wrong']} wrong", mine["wrong"] == 0))
    return out
