"""Inputs built to be slow, large or loud are refused in bounded time, memory and output.

The goal (docs/codebook.md, "Integrity rules"): every input is refused or accepted in at most one
second per megabyte of data (its data/ and seeds/ files that are read), with memory bounded by a
small multiple of the data's size, at most a fixed number of problems shown in full and no value
echoed whole. Each case runs `alliances validate` in a fresh interpreter, on a copy of the bundled
dataset with one hostile file added; the time is the processor time of the load (and of the
report), the interpreter's start aside, so that another process on the machine does not count.
``ALLIANCES_TIME_TOLERANCE`` (default 1.5) scales the bound: a file with a problem in every small
record is read twice (once for its values, once for their positions), and PyYAML's event stream
alone costs about 0.3 s per megabyte and pass on such a file.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from alliances.errors import SHOWN
from alliances.reader import MAX_BYTES

TOLERANCE = float(os.environ.get("ALLIANCES_TIME_TOLERANCE", "1.5"))
ARTICLE = "yenisafak-lavrov-csto-2026"
SPELL = "  - {{member: {member}, organization: CSTO, role: partner, start: {{how: grant, date: 2000-01-01, citations: [{citations}]}}}}\n"

RUN = """
import io, json, resource, sys, time
from contextlib import redirect_stderr, redirect_stdout
from alliances import cli
out, err = io.StringIO(), io.StringIO()
started, cpu = time.perf_counter(), time.process_time()
with redirect_stdout(out), redirect_stderr(err):
    code = cli.main(["validate", sys.argv[1], *sys.argv[2:]])
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak_kib": peak, "out": out.getvalue(), "err": err.getvalue()}))
"""


def _validate(root: Path, *args: str) -> dict:
    env = {**os.environ, "ALLIANCES_CACHE": "off"}
    run = subprocess.run([sys.executable, "-c", RUN, str(root), *args], capture_output=True, text=True,
                         check=True, env=env, timeout=600)
    return json.loads(run.stdout.strip().splitlines()[-1])


def _megabytes(root: Path) -> float:
    sizes = [p.stat().st_size for folder in ("data", "seeds") for p in (root / folder).rglob("*") if p.is_file()]
    return sum(size for size in sizes if size <= MAX_BYTES) / 1e6


def unknown_sources_in_one_record(root: Path) -> None:
    citations = ", ".join(f"{{source: nowhere-{i}, locator: x}}" for i in range(20_000))
    (root / "data" / "zz.yaml").write_text("spells:\n" + SPELL.format(member="HUN", citations=citations))


def unknown_sources_in_many_records(root: Path) -> None:
    spells = "".join(SPELL.format(member="HUN", citations=f"{{source: s{i}, locator: x}}") for i in range(20_000))
    (root / "data" / "zz.yaml").write_text("spells:\n" + spells)


def failing_long_quotes(root: Path) -> None:
    spells = "".join(SPELL.format(member="HUN", citations=f'{{source: {ARTICLE}, quote: "{(f"word{i} " * 300)[:2000].strip()}"}}')
                     for i in range(300))
    (root / "data" / "zz.yaml").write_text("spells:\n" + spells)


def failing_quote_in_a_large_article(root: Path) -> None:
    rng = random.Random(1)
    words = ["alpha", "beta", "gamma", "delta", "Russia", "CSTO", "treaty", "member"]
    sentences = []
    while sum(map(len, sentences)) < 1_000_000:
        sentences.append(" ".join(rng.choice(words) for _ in range(12)) + ".")
    (root / "seeds" / "big.txt").write_text("\n".join(sentences))
    quote = " ".join(rng.choice(words) for _ in range(300))[:1990] + " zzz"
    (root / "data" / "zz.yaml").write_text(
        "sources:\n  - {id: big, kind: article, title: T, publisher: P, file: big.txt}\nspells:\n"
        + SPELL.format(member="HUN", citations=f'{{source: big, quote: "{quote}"}}'))


def long_label_and_many_problems(root: Path) -> None:
    citations = ", ".join(f"{{source: s{i}, locator: x}}" for i in range(2000))
    (root / "data" / "zz.yaml").write_text("spells:\n" + SPELL.format(member="M" * 100_000, citations=citations))


def hundred_megabytes_of_yaml(root: Path) -> None:
    with open(root / "data" / "zz.yaml", "wb") as f:
        f.truncate(100_000_000)


CASES: dict[str, tuple[Callable[[Path], None], str, int, int]] = {
    # name: (how to build it, the first rule, its line, how many problems at least)
    "20,000 unknown source ids in one record": (unknown_sources_in_one_record, "unknown-reference", 2, 20_000),
    "20,000 records with unknown source ids": (unknown_sources_in_many_records, "unknown-reference", 2, 20_000),
    "300 failing 2,000-character quotes": (failing_long_quotes, "quote-not-found", 2, 300),
    "a failing quote against a 1 MB article": (failing_quote_in_a_large_article, "quote-not-found", 4, 1),
    "a 100 KB label on 2,000 problems": (long_label_and_many_problems, "unknown-reference", 2, 2000),
    "a 100 MB data file": (hundred_megabytes_of_yaml, "too-large", 1, 1),
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    import shutil

    from alliances.loader import bundled_root

    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(bundled_root() / "data", root / "data")
    shutil.copytree(bundled_root() / "seeds", root / "seeds")
    result = _validate(root)
    assert result["code"] == 0
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_refused_in_bounded_time_memory_and_output(name: str, dataset_copy: Path, clean: dict) -> None:
    build, rule, line, count = CASES[name]
    build(dataset_copy)
    report = json.loads(_validate(dataset_copy, "--format", "json")["out"])
    problems = [p for p in report["problems"] if p["file"] == "data/zz.yaml"]
    assert (problems[0]["rule"], problems[0]["line"]) == (rule, line)
    assert len(problems) >= count  # every one of them in --format json
    assert all(len(json.dumps(p)) < 1000 for p in problems)  # no value echoed whole

    result = _validate(dataset_copy)
    megabytes = _megabytes(dataset_copy)
    assert result["code"] == 1
    assert result["cpu"] <= max(1.0, megabytes) * TOLERANCE, (
        f"{result['cpu']:.2f} s of processor time ({result['seconds']:.2f} s) for {megabytes:.1f} MB")
    extra_kib = result["peak_kib"] - clean["peak_kib"]
    assert extra_kib < 64 * 1024 + 20 * megabytes * 1024, f"{extra_kib} KiB over the clean validation"
    err = result["err"]
    assert len(err) < (SHOWN + 3) * 1000 and err.count("\n") <= SHOWN + 2, err[-500:]
    if count > SHOWN:
        assert f"... and {count - SHOWN}" in err or "more (--format json" in err
