"""Hostile files are refused by `alliances validate` with file and line, in bounded memory.

Each case runs `alliances validate` in a fresh interpreter on a copy of the bundled dataset with one
hostile file added, and compares the process's peak resident memory with the same validation of
the clean copy: the refusal may not cost more than a small, fixed amount on top.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alliances.reader import MAX_BYTES

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

HOSTILE = {
    "alias-bomb": (BOMB, "yaml-anchor", 1),
    "100000-levels-of-brackets": ("spells: " + "[" * 100_000 + "]" * 100_000 + "\n", "too-deep", 1),
    "2000-levels-of-block-sequences": ("spells:\n" + "".join(" " * i + "- \n" for i in range(2000)), "too-deep", 17),
    "oversized": ("# " + "x" * (MAX_BYTES + 10) + "\n", "too-large", 1),
    "long-key": ("? " + "k" * 1_000_000 + "\n: v\n", "unknown-section", 2),
}

PEAK = """
import json, resource, sys
from alliances import cli
code = cli.main(["validate", sys.argv[1], "--format", "json"])
print(json.dumps({"code": code, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

ALLOWED_EXTRA_KIB = 64 * 1024


def _validate(root: Path) -> tuple[int, int, dict]:
    run = subprocess.run([sys.executable, "-c", PEAK, str(root)], capture_output=True, text=True, check=True)
    lines = run.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    report = json.loads("\n".join(lines[:-1]))
    return result["code"], result["peak_kib"], report


@pytest.fixture(scope="module")
def clean_peak(tmp_path_factory) -> int:
    import shutil

    from alliances.loader import bundled_root

    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(bundled_root() / "data", root / "data")
    shutil.copytree(bundled_root() / "seeds", root / "seeds")
    code, peak, _ = _validate(root)
    assert code == 0
    return peak


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_with_its_line_in_bounded_memory(name: str, dataset_copy: Path, clean_peak: int) -> None:
    text, rule, line = HOSTILE[name]
    (dataset_copy / "data" / "zz_hostile.yaml").write_text(text, encoding="utf-8")
    code, peak, report = _validate(dataset_copy)
    assert code == 1 and report["valid"] is False
    first = next(p for p in report["problems"] if p["file"] == "data/zz_hostile.yaml")
    assert (first["rule"], first["line"]) == (rule, line)
    assert len(first["message"]) < 300  # a hostile value is never echoed whole
    assert peak - clean_peak < ALLOWED_EXTRA_KIB, f"{name}: {peak - clean_peak} KiB over the clean validation"
