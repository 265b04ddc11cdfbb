"""Cold start to the first answer, and warm queries on the bundled data.

Cold start runs each command in a new interpreter (after one untimed run that compiles the bundled
data, as any user's first run does), interleaved round by round, so drift on a
shared machine (other jobs, CPU frequency) hits every command alike; the ratio of medians taken in
the same run is what the goal is checked on, never an absolute time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

COLD = {
    "python -c pass": "pass",
    "import pydantic": "import pydantic",
    "import pydantic, yaml": "import pydantic, yaml",
    "import pydantic + a first model": "import pydantic\nclass First(pydantic.BaseModel):\n    x: int",
    "import alliances + first overlap": "import alliances; alliances.overlap('CSTO', 'OTS')",
    # A curator's first validate of the whole bundled data, every rule checked (no compiled form)
    "validate the bundled data, first load": (
        "import os; os.environ['ALLIANCES_CACHE'] = 'off'\n"
        "import alliances; from alliances.loader import bundled_root; alliances.load(bundled_root())"),
}
VALIDATE = "validate the bundled data, first load"
FLOOR = "import pydantic"


def cold_start(rounds: int) -> dict[str, float]:
    """Median wall time of each command over ``rounds`` interleaved runs."""
    times: dict[str, list[float]] = {name: [] for name in COLD}
    # As installed: bytecode cached (pip compiles it; a checkout writes it on the first run, unless
    # PYTHONDONTWRITEBYTECODE forbids it), and the bundled data compiled by a first run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", COLD["import alliances + first overlap"]], check=True, env=env)
    for _ in range(rounds):
        for name, code in COLD.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def warm_queries(per_call: Callable[[Callable[[], object]], float]) -> dict[str, float]:
    """Each module-level query per call, once the bundled data is loaded (the documented API)."""
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
