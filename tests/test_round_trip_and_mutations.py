"""A dataset survives a dump and reload; mutated data files load or fail with DataError, only.

The mutation fuzzer takes copies of the real data files, applies one to three random mutations
(lines dropped, duplicated, swapped or cut off; garbage bytes; a value replaced by a hostile one:
control and format characters, other digits, dates at the ends of the calendar, padded, blank,
long or short text), and asserts that every load either succeeds or raises DataError whose every
problem is placed and prints as one printable line; that no load takes more processor time than
one second per megabyte of data (times ``ALLIANCES_TIME_TOLERANCE``, default 1.5); and that a
load that succeeds gives the same dataset again from its compiled form.

CI runs ``ALLIANCES_FUZZ_EXAMPLES`` examples (default 60). The longer run, before a release::

    ALLIANCES_FUZZ_EXAMPLES=10000 python -m pytest tests/test_round_trip_and_mutations.py -k mutated

(about a second per example; ``--hypothesis-seed=N`` in several processes runs it in parallel).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alliances
from alliances.dataset import load
from alliances.errors import DataError
from alliances.export import write_dataset
from alliances.loader import bundled_root

DATA_FILES = sorted(p.relative_to(bundled_root()) for p in (bundled_root() / "data").rglob("*.yaml"))
EXAMPLES = int(os.environ.get("ALLIANCES_FUZZ_EXAMPLES", "60"))
TOLERANCE = float(os.environ.get("ALLIANCES_TIME_TOLERANCE", "1.5"))
SECTIONS = ("info", "sources", "states", "organizations", "people", "regions", "spells", "terms",
            "relation_records", "events", "claims")
HOSTILE_VALUES = [
    b"[]", b"{}", b"123", b"NO", b"~", b"2023-02-29", b"- x", b"9999-12-31", b"0001-01-01", b"2026-12-02",
    rb'"\u202eevil"', rb'"\e[31mred"', rb'"a\0b"', rb'"zero\u200bwidth"', rb'"two\nlines"', b'" padded "',
    b'"   "', rb'"\u0661\u0669\u0669\u0661"', rb'"\uff12\uff10\uff12\uff10-01-01"', rb'"Cafe\u0301"',
    b'"n"', b'"The CSTO"', b"x" * 5000, b'"' + b"long " * 600 + b'"', b">-\n  folded\n  text", b"3026-01-01",
    b"{source: nowhere, quote: x}", b"[{source: yenisafak-lavrov-csto-2026, quote: Lavrov}]",
]


def test_a_dump_and_reload_gives_an_equal_dataset(tmp_path: Path) -> None:
    ds = alliances.load()
    again = alliances.load(write_dataset(ds, tmp_path / "copy"))
    assert again.info == ds.info
    for section in SECTIONS:
        assert getattr(again, section) == getattr(ds, section), section


def _mutate(draw, lines: list[bytes]) -> list[bytes]:
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "garbage", "retype", "truncate", "flip"]))
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    if kind == "drop":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "garbage":
        lines.insert(i, draw(st.binary(min_size=1, max_size=40)))
    elif kind == "retype":
        key, _, _ = lines[i].partition(b":")
        lines[i] = key + b": " + draw(st.sampled_from(HOSTILE_VALUES)) + b"\n"
    elif kind == "flip" and lines[i]:
        k = draw(st.integers(0, len(lines[i]) - 1))
        lines[i] = lines[i][:k] + bytes([lines[i][k] ^ draw(st.integers(1, 255))]) + lines[i][k + 1:]
    else:
        lines = lines[:i]
    return lines or [b""]


@st.composite
def mutations(draw) -> tuple[Path, bytes]:
    """One real data file with one to three random mutations applied to its bytes."""
    name = draw(st.sampled_from(DATA_FILES))
    lines = (bundled_root() / name).read_bytes().splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        lines = _mutate(draw, lines)
    return name, b"".join(lines)


def _timed_load(root: Path, cache: Path) -> float:
    """The processor time of one more load of ``root``, from the YAML (its compiled form set aside)."""
    shutil.rmtree(cache, ignore_errors=True)
    started = time.process_time()
    try:
        load(root)
    except DataError:
        pass
    return time.process_time() - started


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(mutations())
def test_mutated_data_loads_or_raises_data_error_only(mutation: tuple[Path, bytes]) -> None:
    name, raw = mutation
    alliances.load()  # once: the models are built on their first use, which is not the load's cost
    with tempfile.TemporaryDirectory() as tmp:
        root, cache = Path(tmp) / "dataset", Path(tmp) / "cache"
        shutil.copytree(bundled_root() / "data", root / "data")
        shutil.copytree(bundled_root() / "seeds", root / "seeds")
        (root / name).write_bytes(raw)
        megabytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
        before = os.environ.get("ALLIANCES_CACHE")
        os.environ["ALLIANCES_CACHE"] = str(cache)
        try:
            started = time.process_time()
            try:
                result = load(root)
            except DataError as exc:
                assert exc.problems and all(p.file and p.line >= 1 and p.column >= 1 for p in exc.problems)
                assert all(str(p).isprintable() for p in exc.problems)
                result = None
            spent = time.process_time() - started
            if spent > max(1.0, megabytes) * TOLERANCE:  # a busy machine slows one run: the bound is on the faster of two
                spent = min(spent, _timed_load(root, cache))
            assert spent <= max(1.0, megabytes) * TOLERANCE, f"{spent:.2f} s for {megabytes:.2f} MB"
            if result is not None:
                again = load(root)  # from the compiled form written by the first load
                assert again is not result and all(getattr(again, s) == getattr(result, s) for s in SECTIONS)
        finally:
            if before is None:
                del os.environ["ALLIANCES_CACHE"]
            else:
                os.environ["ALLIANCES_CACHE"] = before
