"""passages() from the compiled form, which keeps the sentences naming each entity, answers exactly
as the YAML does (which finds them in the articles), on the bundled data and on synthetic data;
and a first passages() makes only what its answer holds."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

import alliances
from alliances.dataset import load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import scale


def _both(root: Path, tmp_path: Path, monkeypatch) -> tuple[alliances.Dataset, alliances.Dataset]:
    """The dataset at ``root`` from its YAML (cache off), and from its compiled form (a fresh load)."""
    monkeypatch.setenv("ALLIANCES_CACHE", "off")
    from_yaml = load(root)
    monkeypatch.setenv("ALLIANCES_CACHE", str(tmp_path / "cache"))
    load(root)  # writes the compiled form
    from_compiled = load(root)
    assert from_compiled.sections.kept is not None and from_yaml.sections.kept is None
    return from_yaml, from_compiled


@pytest.fixture(params=["bundled", "synthetic"])
def both(request, dataset_copy: Path, tmp_path: Path, monkeypatch) -> tuple[alliances.Dataset, alliances.Dataset]:
    if request.param == "bundled":
        return _both(dataset_copy, tmp_path, monkeypatch)
    root = tmp_path / "synthetic"
    scale.generate(root, scale.Shape(states=30, organizations=12, spells=400, sources=80, articles=6))
    return _both(root, tmp_path, monkeypatch)


def _rows(ds: alliances.Dataset, *names: str, source: str | None = None) -> list[tuple[Any, ...]]:
    found = ds.passages(*names, source=source)
    for p in found:  # every passage slices its article exactly
        assert p.text == ds.text(p.source)[p.start:p.end]
    return [(p.source.id, p.start, p.end, p.text, tuple(e.id for e in p.mentions)) for p in found]


def test_every_entity_has_the_same_passages_from_the_compiled_form(both) -> None:
    from_yaml, from_compiled = both
    named = [e.id for e in from_yaml.entities if from_yaml.passages(e.id)]
    assert len(named) >= 5  # the data names entities in its articles: the comparison compares something
    assert [(key, _rows(from_compiled, key)) for key in sorted(e.id for e in from_compiled.entities)] == \
           [(key, _rows(from_yaml, key)) for key in sorted(e.id for e in from_yaml.entities)]


def test_passages_of_several_entities_and_of_one_article_are_the_same(both) -> None:
    from_yaml, from_compiled = both
    sentences = [p for e in from_yaml.entities for p in from_yaml.passages(e.id)]
    pairs = sorted({tuple(e.id for e in p.mentions[:2]) for p in sentences if len(p.mentions) >= 2})[:10]
    threes = sorted({tuple(e.id for e in p.mentions[:3]) for p in sentences if len(p.mentions) >= 3})[:3]
    assert pairs
    for names in [*pairs, *threes]:
        assert _rows(from_compiled, *names) == _rows(from_yaml, *names)
    for article in from_yaml.texts:
        for key in sorted({e.id for p in sentences if p.source.id == article for e in p.mentions})[:10]:
            assert _rows(from_compiled, key, source=article) == _rows(from_yaml, key, source=article)


def test_a_name_finds_the_same_passages_from_the_compiled_form(both) -> None:
    from_yaml, from_compiled = both
    for entity in from_yaml.entities[:40]:
        for name in {entity.name, *entity.mention_names}:
            assert _rows(from_compiled, name) == _rows(from_yaml, name)


def test_a_first_passages_makes_the_entity_asked_about_and_the_others_named_once_read(dataset_copy: Path,
                                                                                     tmp_path: Path, monkeypatch) -> None:
    _, lazy = _both(dataset_copy, tmp_path, monkeypatch)
    made: dict[str, object] = lazy.index.entities._read  # type: ignore[attr-defined]
    first, *_ = lazy.passages("Kazakhstan")
    named = lazy.index.records.named["KAZ"][0].ids
    assert len(named) > 1 and [key for key in named if key in made] == ["KAZ"]
    assert [e.id for e in first.mentions] == list(named) and all(key in made for key in named)
    assert first.mentions is first.mentions  # made once
    same = alliances.Passage(first.source, first.start, first.end, first.text, first.mentions)
    assert first == same and hash(first) == hash(same) and repr(first) == repr(same) and copy.copy(first) == first
    assert lazy.passages("Kazakhstan", "Russia")[0] is first  # one passage per sentence, shared by the answers
