"""Benchmark: cold start to the first answer, and warm queries, measured in one run.

    python bench/run.py [--rounds N]

Cold start runs ``import alliances; alliances.overlap('CSTO', 'OTS')`` in a new interpreter,
interleaved with ``import pydantic, yaml`` (the floor any pydantic-and-YAML library pays) and a bare
``python -c pass``, and reports medians and their ratio. Warm queries time each query per call on
the already loaded dataset. Uses only the standard library and alliances itself.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import timeit

COLD = {
    "python -c pass": "pass",
    "import pydantic, yaml": "import pydantic, yaml",
    "import alliances + first overlap": "import alliances; alliances.overlap('CSTO', 'OTS')",
}


def cold_start(rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COLD}
    for _ in range(rounds):
        for name, code in COLD.items():  # interleaved, so drift hits every command alike
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def warm_queries() -> dict[str, float]:
    import alliances

    ds = alliances.load()
    calls = {
        "members('CSTO')": lambda: ds.members("CSTO", on="2010-06-01"),
        "overlap('CSTO', 'OTS')": lambda: ds.overlap("CSTO", "OTS", on="2010-06-01"),
        "overlap_periods('CSTO', 'OTS')": lambda: ds.overlap_periods("CSTO", "OTS"),
        "memberships('Kyrgyz Republic')": lambda: ds.memberships("Kyrgyz Republic"),
        "history('UZB')": lambda: ds.history("UZB"),
        "resolve('Türkiye')": lambda: ds.resolve("Türkiye"),
    }
    results = {}
    for name, call in calls.items():
        number, _ = timeit.Timer(call).autorange()
        results[name] = min(timeit.repeat(call, number=number, repeat=5)) / number
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="cold-start rounds (default 10)")
    rounds = parser.parse_args().rounds
    cold = cold_start(rounds)
    floor = cold["import pydantic, yaml"]
    print(f"cold start, median of {rounds} interleaved runs")
    for name, seconds in cold.items():
        print(f"  {name:36s} {seconds * 1000:8.1f} ms   {seconds / floor:5.2f}x import pydantic, yaml")
    print("warm queries, best of 5, per call")
    for name, seconds in warm_queries().items():
        print(f"  {name:36s} {seconds * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
