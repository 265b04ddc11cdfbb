"""Scale: validate-and-load and every query on synthetic datasets of growing size.

Each measurement runs in its own interpreter (``python bench/scaling.py MODE ROOT``, printing JSON),
so one size's memory never inflates another's and the peak RSS (VmHWM) is the true peak of that load:

* ``peak``: one load with the compiled-form cache off (YAML, every rule), its time (wall and CPU)
  and peak RSS;
* ``load``: time of ``alliances.load(root)`` in a fresh process and its peak RSS, then the first
  ``passages()``, members and overlap on 300 days not asked before (median per call) and the same
  questions again (remembered), a second load in the same process, and each query per call. The
  parent runs it twice per size with an empty compiled-form cache of its own: the first process
  reads the YAML and writes the compiled form, the second fresh process reads the compiled form;
* ``heap``: the same load under tracemalloc, for the Python heap peak of the load and of each
  query (tracemalloc slows the load severalfold, so it is never timed); the parent runs it from
  the YAML and from the compiled form;
* ``calibrate``: on the same files, libyaml's events alone and PyYAML's ``CSafeLoader`` load (CPU
  seconds), so that a first load is reported as a ratio to each, measured in the same run;
* ``bundled``: the bundled data's load and fresh questions (CSTO, OTS, Kazakhstan), as the
  interpreter running it has alliances installed;
* ``profile``: cProfile of one load, the top entries by cumulative time, and the own time of every
  function grouped by stage (YAML reading, validation, quote location, checks, indexes).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import scale

MiB = 1024 * 1024


# -- inside the child -----------------------------------------------------------------------


def _queries(ds: Any, manifest: dict[str, Any]) -> dict[str, Callable[[], object]]:
    """The six queries on the busiest organizations and member of the generated data."""
    first, second = manifest["organizations"]
    member, alias, on = manifest["member"], manifest["member_alias"], manifest["on"]
    return {
        "members": lambda: ds.members(first, on=on),
        "overlap": lambda: ds.overlap(first, second, on=on),
        "overlap_periods": lambda: ds.overlap_periods(first, second),
        "memberships": lambda: ds.memberships(member),
        "history": lambda: ds.history(member),
        "resolve": lambda: ds.resolve(alias),
    }


def per_call(call: Callable[[], object], repeat: int = 3, budget: float = 0.05) -> float:
    """Best of ``repeat`` timeit runs, each of enough calls to last ``budget`` seconds, per call.
    (timeit's own autorange aims at 0.2 s a run, which made the scale section minutes longer.)"""
    number = 1
    while (took := timeit.timeit(call, number=number)) < budget:
        number *= 10 if took < budget / 10 else 2
    return min([took, *timeit.repeat(call, number=number, repeat=repeat - 1)]) / number


def _rss_mib() -> float:
    """This process's peak resident memory. On Linux ``ru_maxrss`` keeps the peak of the parent
    it was forked from, so the exec'd image's own high-water mark (VmHWM) is read instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


NEW_DAYS = 300


def new_days(last: str, offset: int = 1, count: int = NEW_DAYS) -> list[str]:
    """``count`` different days a week apart, the latest ``offset`` days before ``last``."""
    day = dt.date.fromisoformat(last)
    return [(day - dt.timedelta(days=offset + 7 * n)).isoformat() for n in range(count)]


def each_call(ask: Callable[[str], object], days: list[str]) -> list[float]:
    """The time of each call, one a day: each a question the dataset has not answered before."""
    times = []
    for day in days:
        started = time.perf_counter()
        ask(day)
        times.append(time.perf_counter() - started)
    return times


def fresh_questions(ds: Any, first: str, second: str, entity: str, last: str) -> dict[str, Any]:
    """Right after a load, in a fresh process: the first ``passages()``, then members and overlap
    on days not asked before (each day once; the median per call, since the very first question
    about an organization may also build what later ones share), then the same again (remembered).
    members and overlap ask about different days, so overlap meets no answer members left behind."""
    started = time.perf_counter()
    ds.passages(entity)
    passages = time.perf_counter() - started
    member_days, overlap_days = new_days(last, 1), new_days(last, 4)
    members = each_call(lambda day: ds.members(first, on=day), member_days)
    overlap = each_call(lambda day: ds.overlap(first, second, on=day), overlap_days)
    return {"first_passages_s": passages, "new_days": NEW_DAYS,
            "members_new_day_s": statistics.median(members), "overlap_new_day_s": statistics.median(overlap),
            "members_new_day_mean_s": statistics.fmean(members), "overlap_new_day_mean_s": statistics.fmean(overlap),
            "members_first_call_s": members[0], "overlap_first_call_s": overlap[0],
            "members_remembered_s": per_call(lambda: ds.members(first, on=member_days[0])),
            "overlap_remembered_s": per_call(lambda: ds.overlap(first, second, on=overlap_days[0]))}


def child_load(root: Path) -> dict[str, Any]:
    import alliances

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    baseline = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    ds = alliances.load(root)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    after_first = _rss_mib()
    busiest, next_busiest = manifest["organizations"]
    fresh = fresh_questions(ds, busiest, next_busiest, manifest["member"], manifest["on"])
    started = time.perf_counter()
    alliances.load(root)
    second = time.perf_counter() - started
    queries = {name: per_call(call) for name, call in _queries(ds, manifest).items()}
    return {"load_s": first, "load_cpu_s": first_cpu, "second_load_same_process_s": second, "rss_before_load_mib": baseline,
            "rss_peak_after_load_mib": after_first, "rss_peak_mib": _rss_mib(), "fresh": fresh,
            "queries_s": queries, "counts": _counts(ds)}


def child_peak(root: Path) -> dict[str, Any]:
    """One load and nothing else: its time and the process's peak RSS."""
    import alliances

    baseline = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    ds = alliances.load(root)
    return {"load_s": time.perf_counter() - started, "load_cpu_s": time.process_time() - cpu, "rss_before_load_mib": baseline,
            "rss_peak_after_load_mib": _rss_mib(), "counts": _counts(ds)}


def child_calibrate(root: Path) -> dict[str, Any]:
    """What the machine gives for the same files without alliances, in CPU seconds with the
    collector paused (as a load runs): libyaml's events alone (each asked for, nothing done with
    it: the floor of any reader built on PyYAML's events), and PyYAML's ``CSafeLoader`` load (the
    plain route, with none of the reader's rules). A first load as a ratio to each can be judged
    on any machine."""
    import gc

    import yaml

    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "data").rglob("*.yaml"))]
    gc.disable()
    events = 0
    started = time.process_time()
    for text in texts:
        parser = yaml.CSafeLoader(text)
        while parser.get_event() is not None:
            events += 1
        parser.dispose()
    events_s = time.process_time() - started
    started = time.process_time()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader
    safe_s = time.process_time() - started
    gc.enable()
    return {"files": len(texts), "events": events, "events_cpu_s": events_s, "csafeloader_cpu_s": safe_s}


def child_bundled(_: Path) -> dict[str, Any]:
    """The bundled data (as the interpreter running this has it installed) in a fresh process."""
    import alliances

    started = time.perf_counter()
    ds = alliances.load()
    loaded = time.perf_counter() - started
    fresh = fresh_questions(ds, "CSTO", "OTS", "Kazakhstan", ds.as_of)
    return {"load_s": loaded, "fresh": fresh, "counts": _counts(ds)}


def _counts(ds: Any) -> dict[str, int]:
    return {"states": len(ds.states), "organizations": len(ds.organizations), "spells": len(ds.spells),
            "sources": len(ds.sources)}


def child_heap(root: Path) -> dict[str, Any]:
    import alliances

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    tracemalloc.start()
    ds = alliances.load(root)
    current, peak = tracemalloc.get_traced_memory()
    queries = {}
    for name, call in _queries(ds, manifest).items():
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        call()
        queries[name] = tracemalloc.get_traced_memory()[1] - before
    return {"load_peak_mib": peak / MiB, "retained_mib": current / MiB, "query_peak_bytes": queries}


STAGES = (  # (stage, substrings of a profiled function's file or name), first match wins
    ("quote location", ("locate_quote", "'find' of 'str'")),
    ("YAML reading", ("reader.py", "yaml", "_yaml", "'decode'")),
    ("integrity checks", ("checks.py", "names.py", "unicodedata")),
    ("indexes (Dataset)", ("dataset.py",)),
    ("validation (pydantic, model validators, dates)", ("pydantic", "model.py", "dates.py", "calendar")),
    ("loader bookkeeping", ("loader.py", "sources.py", "pathlib")),
)


def _stage(func: tuple[str, int, str]) -> str:
    label = f"{func[0]}:{func[2]}"
    return next((stage for stage, keys in STAGES if any(k in label for k in keys)), "other")


def child_profile(root: Path, top: int = 25) -> dict[str, Any]:
    import alliances

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(alliances.load, root)
    elapsed = time.perf_counter() - started
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    by_stage: dict[str, float] = {}
    for func, (_, _, own, _, _) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        by_stage[_stage(func)] = by_stage.get(_stage(func), 0.0) + own
    return {"profiled_load_s": elapsed, "top": out.getvalue(), "own_time_by_stage_s": by_stage}


# -- in the parent --------------------------------------------------------------------------


def run_child(mode: str, root: Path, cache: str = "off", python: str = sys.executable,
              cwd: Path | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter, with the compiled-form cache at ``cache``
    (a folder of the bench's own, or "off" to read the YAML every time). ``cwd`` is where it runs:
    never the checkout, when ``python`` is an installed alliances that the checkout would shadow."""
    done = subprocess.run([python, __file__, mode, str(root)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "ALLIANCES_CACHE": cache}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} of {root.name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def bundled(python: str) -> dict[str, Any]:
    """The bundled data's first load and fresh questions, as ``python`` has alliances installed,
    from an empty user cache (what the load wrote there is listed: nothing, for a wheel)."""
    with tempfile.TemporaryDirectory(prefix="alliances-bundled-") as tmp:
        cache = Path(tmp) / "cache"
        cache.mkdir()
        result = run_child("bundled", Path("-"), str(cache), python, cwd=Path(tmp))
        result["written_to_empty_cache"] = sorted(p.name for p in cache.rglob("*"))
    return result


def sizes(quick: bool) -> list[tuple[str, Callable[[scale.Shape], scale.Shape]]]:
    """1x and 10x the bundled data, then the large shape at a quarter, a half and in full (the same
    states and organizations, so memory per spell shows whether growth is linear). No 100x: with
    the bundled data's 600 spells and 206 states it would be 60,000 spells among 20,600 states and
    80,300 sources, minutes of loading that the large shape measures better."""
    steps: list[tuple[str, Callable[[scale.Shape], scale.Shape]]] = [
        ("1x", lambda b: b.scaled(1)), ("10x", lambda b: b.scaled(10))]
    if quick:
        return steps
    return steps + [("15,000 spells", lambda b: scale.big_shape(b, spells=15_000)),
                    ("30,000 spells", lambda b: scale.big_shape(b, spells=30_000)),
                    ("60,000 spells", lambda b: scale.big_shape(b))]


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def measure_size(label: str, shape: scale.Shape, work: Path, heap: bool) -> dict[str, Any]:
    root = work / label.replace(",", "").replace(" ", "-")
    started = time.perf_counter()
    manifest = scale.generate(root, shape)
    generated = time.perf_counter() - started
    data_mib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / MiB
    before = _snapshot(root)
    cache = work / f"cache-{root.name}"  # empty: the first load reads the YAML and compiles it
    cache_off = run_child("peak", root)  # a first load that writes nothing: its peak RSS
    calibration = run_child("calibrate", root)  # between the two first loads: the same machine's state
    first = run_child("load", root, str(cache))
    written = sorted(_snapshot(root) - before) + sorted(p.name for p in cache.glob("*.json"))
    second = run_child("load", root, str(cache))  # a fresh process reading the compiled form
    result = {"label": label, "manifest": manifest, "generate_s": generated, "data_mib": data_mib,
              "cache_off": cache_off, "calibration": calibration, "first": first, "second_fresh_process": second,
              "files_written_by_load": written}
    if heap:  # tracemalloc's Python heap peak, of a load from the YAML and of one from the compiled form
        result["heap"] = run_child("heap", root)
        result["heap_compiled"] = run_child("heap", root, str(cache))
    return result


def measure(quick: bool, heap: bool = True, profile: bool = False,
            log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every size in a temporary directory that is removed afterwards."""
    base = scale.bundled_shape()
    results = []
    with tempfile.TemporaryDirectory(prefix="alliances-bench-") as tmp:
        work = Path(tmp)
        for label, make in sizes(quick):
            log(f"  scale {label} ...")
            results.append(measure_size(label, make(base), work, heap))
        profiled = None
        if profile:
            log("  profile of the largest load ...")
            profiled = run_child("profile", work / results[-1]["label"].replace(",", "").replace(" ", "-"))
            profiled["label"] = results[-1]["label"]
    return {"bundled_shape": base.__dict__ | {"as_of": base.as_of.isoformat()}, "sizes": results,
            "profile": profiled}


def main() -> None:
    mode, root = sys.argv[1], Path(sys.argv[2])
    run = {"load": child_load, "peak": child_peak, "heap": child_heap, "profile": child_profile,
           "bundled": child_bundled, "calibrate": child_calibrate}[mode]
    print(json.dumps(run(root)))


if __name__ == "__main__":
    main()
