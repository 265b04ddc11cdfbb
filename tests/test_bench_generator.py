"""The benchmark's synthetic data generator writes data that passes every rule of the loader.

If it did not, the scale benchmark would time the error path instead of a load. Only the 1x size
is checked here (a fraction of a second); nothing in this file is timed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import alliances

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import scale


def test_generated_1x_dataset_validates_and_answers(tmp_path: Path) -> None:
    shape = scale.bundled_shape()
    manifest = scale.generate(tmp_path, shape)
    ds = alliances.load(tmp_path)
    assert (len(ds.states), len(ds.organizations), len(ds.spells)) == (shape.states, shape.organizations, manifest["spells"])
    assert manifest["spells"] == shape.spells
    assert any(c.quote for s in ds.spells for c in s.citations)  # quotes located in seeds/
    first, second = manifest["organizations"]
    assert ds.resolve(manifest["member_alias"]).id == manifest["member"]
    ds.overlap(first, second, on=manifest["on"])
    ds.overlap_periods(first, second)
