"""Write a dataset's records back out as a dataset root (data/ YAML and seeds/), for round trips and tools."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from . import codec
from .records import SECTIONS, Records


def _records(records: Iterable[Any]) -> list[dict[str, Any]]:
    return [codec.write(record, derived=False) for record in records]


def write_dataset(records: Records, root: Path) -> Path:
    """Write ``records`` under ``root`` (data/*.yaml and seeds/) so that loading it gives equal records."""
    data, seeds = root / "data", root / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(exist_ok=True)
    files: dict[str, dict[str, Any]] = {"dataset": {"dataset": codec.write(records.info)}}
    files.update({s.key: {s.key: _records(records.section(s))} for s in SECTIONS})
    for name, content in files.items():
        text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
        (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    for source in records.sources:
        if source.file:  # the text as loaded, so articles from laid-over directories come along too
            (seeds / source.file).write_text(records.texts[source.id], encoding="utf-8")
    return root
