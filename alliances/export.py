"""Write a Dataset back out as a dataset root (data/ YAML and seeds/), for round trips and tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel

from .dataset import Dataset


def _records(models: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [model.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for model in models]


def write_dataset(ds: Dataset, root: Path) -> Path:
    """Write ``ds`` under ``root`` (data/*.yaml and seeds/) so that loading it gives an equal dataset."""
    data, seeds = root / "data", root / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(exist_ok=True)
    sections = {
        "dataset": {"dataset": ds.info.model_dump(mode="json", exclude_none=True)},
        "sources": {"sources": _records(ds.sources)},
        "states": {"states": _records(ds.states)},
        "organizations": {"organizations": _records(ds.organizations)},
        "people": {"people": _records(ds.people)},
        "regions": {"regions": _records(ds.regions)},
        "spells": {"spells": _records(ds.spells)},
        "offices": {"offices": _records(ds.terms)},
        "relations": {"relations": _records(ds.relation_records)},
        "events": {"events": _records(ds.events)},
        "claims": {"claims": _records(ds.claims)},
    }
    for name, content in sections.items():
        text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
        (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    for source in ds.sources:
        if source.file:  # the text as loaded, so articles from laid-over directories come along too
            (seeds / source.file).write_text(ds.text(source), encoding="utf-8")
    return root
