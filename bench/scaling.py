"""Scale: validate-and-load and every query on synthetic datasets of growing size.

Each measurement runs in its own interpreter (``python bench/scaling.py MODE ROOT``, printing JSON),
so one size's memory never inflates another's and ``ru_maxrss`` is the true peak of that load:

* ``load``: time of ``alliances.load(root)`` in a fresh process, a second load in the same process,
  peak RSS, and each query per call on the loaded data. The parent runs it twice per size with an
  empty compiled-form cache of its own: the first process reads the YAML and writes the compiled
  form, the second fresh process reads the compiled form;
* ``heap``: the same load and queries under tracemalloc, for the Python heap peak of each
  (tracemalloc slows the load severalfold, so it is never timed);
* ``profile``: cProfile of one load, the top entries by cumulative time, and the own time of every
  function grouped by stage (YAML reading, validation, quote location, checks, indexes).
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
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


def first_asks(ask: Callable[[Any], object], manifest: dict[str, Any], count: int = 300) -> float:
    """Per call, asking about ``count`` different days once each: what a question costs before
    the dataset remembers its answer (a repeated question, as ``per_call`` times, is remembered)."""
    import datetime as dt

    last = dt.date.fromisoformat(manifest["on"])
    days = [last - dt.timedelta(days=7 * n) for n in range(count)]
    started = time.perf_counter()
    for day in days:
        ask(day.isoformat())
    return (time.perf_counter() - started) / count


def per_call(call: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` timeit runs, each long enough to time (about 0.2 s), per call."""
    number, _ = timeit.Timer(call).autorange()
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


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


def child_load(root: Path) -> dict[str, Any]:
    import alliances

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    baseline = _rss_mib()
    started = time.perf_counter()
    ds = alliances.load(root)
    first = time.perf_counter() - started
    after_first = _rss_mib()
    started = time.perf_counter()
    alliances.load(root)
    second = time.perf_counter() - started
    queries = {name: per_call(call) for name, call in _queries(ds, manifest).items()}
    busiest, next_busiest = manifest["organizations"]
    queries["members, new day"] = first_asks(lambda day: ds.members(busiest, on=day), manifest)
    queries["overlap, new day"] = first_asks(lambda day: ds.overlap(busiest, next_busiest, on=day), manifest)
    return {"load_s": first, "second_load_same_process_s": second, "rss_before_load_mib": baseline,
            "rss_peak_after_load_mib": after_first, "rss_peak_mib": _rss_mib(), "queries_s": queries,
            "counts": {"states": len(ds.states), "organizations": len(ds.organizations),
                       "spells": len(ds.spells), "sources": len(ds.sources)}}


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


def run_child(mode: str, root: Path, cache: str = "off") -> dict[str, Any]:
    """Run one measurement in a fresh interpreter, with the compiled-form cache at ``cache``
    (a folder of the bench's own, or "off" to read the YAML every time)."""
    done = subprocess.run([sys.executable, __file__, mode, str(root)], capture_output=True, text=True,
                          env={**os.environ, "ALLIANCES_CACHE": cache}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} of {root.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def sizes(quick: bool) -> list[tuple[str, Callable[[scale.Shape], scale.Shape]]]:
    """1x, 10x, 100x the bundled data, then the large shape at a quarter, a half and in full
    (the same states and organizations, so memory per spell shows whether growth is linear)."""
    steps: list[tuple[str, Callable[[scale.Shape], scale.Shape]]] = [
        ("1x", lambda b: b.scaled(1)), ("10x", lambda b: b.scaled(10))]
    if quick:
        return steps
    return steps + [("100x", lambda b: b.scaled(100)),
                    ("15,000 spells", lambda b: scale.big_shape(b, spells=15_000)),
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
    first = run_child("load", root, str(cache))
    written = sorted(_snapshot(root) - before) + sorted(p.name for p in cache.glob("*.json"))
    second = run_child("load", root, str(cache))
    result = {"label": label, "manifest": manifest, "generate_s": generated, "data_mib": data_mib,
              "first": first, "second_fresh_process": second, "files_written_by_load": written}
    if heap:
        result["heap"] = run_child("heap", root)
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
    run = {"load": child_load, "heap": child_heap, "profile": child_profile}[mode]
    print(json.dumps(run(root)))


if __name__ == "__main__":
    main()
