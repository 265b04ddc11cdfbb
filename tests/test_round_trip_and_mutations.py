"""A dataset survives a dump and reload; mutated data files load or fail with DataError, only."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alliances
from alliances.errors import DataError
from alliances.export import write_dataset
from alliances.loader import bundled_root

DATA_FILES = sorted(p.relative_to(bundled_root()) for p in (bundled_root() / "data").rglob("*.yaml"))


def test_a_dump_and_reload_gives_an_equal_dataset(tmp_path: Path) -> None:
    ds = alliances.load()
    again = alliances.load(write_dataset(ds, tmp_path / "copy"))
    assert again.info == ds.info
    for section in ("info", "sources", "states", "organizations", "people", "regions", "spells", "terms",
                    "relation_records", "events", "claims"):
        assert getattr(again, section) == getattr(ds, section), section


@st.composite
def mutations(draw) -> tuple[Path, bytes]:
    """One real data file with one random mutation applied to its bytes."""
    name = draw(st.sampled_from(DATA_FILES))
    raw = (bundled_root() / name).read_bytes()
    lines = raw.splitlines(keepends=True)
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "garbage", "retype", "truncate"]))
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
        lines[i] = key + b": " + draw(st.sampled_from([b"[]", b"{}", b"123", b"NO", b"~", b"2023-02-29", b"- x"])) + b"\n"
    else:
        lines = lines[:i]
    return name, b"".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_data_loads_or_raises_data_error_only(mutation: tuple[Path, bytes]) -> None:
    name, raw = mutation
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(bundled_root() / "data", root / "data")
        shutil.copytree(bundled_root() / "seeds", root / "seeds")
        (root / name).write_bytes(raw)
        started = time.perf_counter()
        try:
            result = alliances.load(root)
        except DataError as exc:
            assert exc.problems and all(p.file and p.line >= 1 for p in exc.problems)
        else:
            assert isinstance(result, alliances.Dataset)
        assert time.perf_counter() - started < 5.0
