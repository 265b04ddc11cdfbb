"""Cold start to the first answer, and warm queries on the bundled data.

Cold start runs each command in a new interpreter, interleaved round by round, so drift on a shared
machine (other jobs, CPU frequency) hits every command alike; the ratio of medians taken in the same
run is what the goals are checked on, never an absolute time. alliances is timed as installed
(bench/installed.py: a wheel in a fresh venv, bytecode compiled), as a fresh user meets it: the
user cache is a new empty folder every round (or turned off), and it must stay empty, since the
wheel ships the bundled data compiled. Every command runs from an empty folder, so no checkout on
the working directory is imported instead of the installed package.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from installed import PROJECT, Install

FIRST_ANSWER = "import alliances; alliances.overlap('CSTO', 'OTS')"


@dataclass(frozen=True)
class Command:
    code: str
    cache: str = "off"  # ALLIANCES_CACHE: "off", or "empty" for a new empty folder each round
    checkout: bool = False  # run by the checkout's interpreter on the checkout's data, not the install


FLOOR = "import pydantic"
FRESH = "alliances, fresh user (empty cache)"
CACHE_OFF = "alliances, ALLIANCES_CACHE=off"
PYCOUNTRY = "pycountry's first lookup"
VALIDATE = "validate the bundled data, first load"
COLD = {
    "python -c pass": Command("pass"),
    FLOOR: Command("import pydantic"),
    PYCOUNTRY: Command("import pycountry; pycountry.countries.lookup('Kazakhstan')"),
    FRESH: Command(FIRST_ANSWER, cache="empty"),
    CACHE_OFF: Command(FIRST_ANSWER),
    # A curator's first validate of the checkout's data, every rule checked (no compiled form)
    VALIDATE: Command("import sys, alliances; alliances.load(sys.argv[1])", checkout=True),
}


def cold_start(rounds: int, install: Install) -> dict[str, Any]:
    """Median wall time of each command over ``rounds`` interleaved runs, and what the fresh
    user's runs left in their (empty) user caches."""
    times: dict[str, list[float]] = {name: [] for name in COLD}
    written: list[str] = []
    with tempfile.TemporaryDirectory(prefix="alliances-cold-") as tmp:
        work = Path(tmp)
        for number in range(rounds + 1):  # round 0 is untimed: it warms the OS's file cache
            for kind, (name, command) in enumerate(COLD.items()):
                seconds, left = _time(command, install, work / f"cache-{number}-{kind}")
                written += left
                if number:
                    times[name].append(seconds)
    return {"medians_s": {name: statistics.median(values) for name, values in times.items()},
            "runs_s": times, "rounds": rounds, "install": install.as_dict(),
            "written_to_empty_cache": sorted(set(written))}


def _time(command: Command, install: Install, cache: Path) -> tuple[float, list[str]]:
    """One run's wall time, and the files it wrote into its user cache."""
    python = sys.executable if command.checkout else install.python
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode kept
    env["ALLIANCES_CACHE"] = "off"
    if command.cache == "empty":
        cache.mkdir()
        env["ALLIANCES_CACHE"] = str(cache)
    argv = [python, "-c", command.code, *([str(PROJECT)] if command.checkout else [])]
    started = time.perf_counter()
    subprocess.run(argv, check=True, env=env, cwd=cache.parent, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    left = [p.name for p in cache.rglob("*")] if command.cache == "empty" else []
    return seconds, left


def warm_queries(per_call: Callable[[Callable[[], object]], float]) -> dict[str, float]:
    """Each module-level query per call, asked again once answered (the documented API, remembered)."""
    import alliances

    alliances.load()
    calls = {
        "members('CSTO', on=...)": lambda: alliances.members("CSTO", on="2010-06-01"),
        "overlap('CSTO', 'OTS', on=...)": lambda: alliances.overlap("CSTO", "OTS", on="2010-06-01"),
        "overlap_periods('CSTO', 'OTS')": lambda: alliances.overlap_periods("CSTO", "OTS"),
        "memberships('Kyrgyz Republic')": lambda: alliances.memberships("Kyrgyz Republic"),
        "history('UZB')": lambda: alliances.history("UZB"),
        "resolve('Türkiye')": lambda: alliances.resolve("Türkiye"),
    }
    return {name: per_call(call) for name, call in calls.items()}


# -- where the cold start goes (--profile) -----------------------------------------------------

_SPLIT = "-- the first answer --"
_TIMED = ("import sys, time; started = time.perf_counter(); import alliances; imported = time.perf_counter(); "
          f"print({_SPLIT!r}, file=sys.stderr, flush=True); alliances.overlap('CSTO', 'OTS'); "
          "print(imported - started, time.perf_counter() - imported)")
_PROFILED = ("import cProfile, pstats, alliances; profiler = cProfile.Profile(); "
             "profiler.runcall(alliances.overlap, 'CSTO', 'OTS'); "
             "pstats.Stats(profiler).strip_dirs().sort_stats('cumulative').print_stats(18)")


def cold_profile(install: Install, top: int = 12) -> dict[str, Any]:
    """A fresh user's cold start taken apart, cache off: ``-X importtime`` of ``import alliances``
    and of what the first answer imports after it, and a cProfile of that first answer."""
    with tempfile.TemporaryDirectory(prefix="alliances-profile-") as tmp:
        env = {**os.environ, "ALLIANCES_CACHE": "off"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        timed = subprocess.run([install.python, "-X", "importtime", "-c", _TIMED], capture_output=True, text=True,
                               env=env, cwd=tmp, check=True)
        profiled = subprocess.run([install.python, "-c", _PROFILED], capture_output=True, text=True,
                                  env=env, cwd=tmp, check=True)
    import_s, answer_s = map(float, timed.stdout.split())
    during_import, _, during_answer = timed.stderr.partition(_SPLIT)
    imports, later = _importtime(during_import), _importtime(during_answer)
    return {"import_s": import_s, "first_answer_s": answer_s,
            "own_import_by_package_s": _by_package(imports)[:top], "largest_own_import_s": _largest(imports)[:top],
            "imported_by_the_first_answer_s": _by_package(later)[:top], "first_answer_profile": profiled.stdout}


def _importtime(text: str) -> list[tuple[str, float]]:
    """(module, own seconds) of each ``-X importtime`` line; the own times add up to the whole."""
    rows = []
    for line in text.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            rows.append((name.strip(), int(own) / 1e6))
    return rows


def _by_package(rows: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Own import time summed by top-level package (pydantic, pydantic_core, alliances, email ...)."""
    totals: dict[str, float] = {}
    for name, own in rows:
        package = name.split(".")[0]
        totals[package] = totals.get(package, 0.0) + own
    return _largest(list(totals.items()))


def _largest(rows: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return sorted(rows, key=lambda kv: -kv[1])
