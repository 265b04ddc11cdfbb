"""The compiled form: the same dataset as the YAML gives, keyed by content, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import alliances
from alliances import cache as user_cache
from alliances import compiled, content
from alliances.dataset import load

SECTIONS = ("info", "sources", "states", "organizations", "people", "regions", "spells", "terms",
            "relation_records", "events", "claims")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALLIANCES_CACHE", str(folder))
    return folder


def _same(a: alliances.Dataset, b: alliances.Dataset) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in SECTIONS)


def test_a_second_load_reads_the_compiled_form_and_gives_the_same_dataset(dataset_copy: Path, cache: Path) -> None:
    first = load(dataset_copy)
    files = list(cache.glob("dataset-*.json"))
    assert len(files) == 1
    second = load(dataset_copy)
    assert second is not first and _same(first, second)
    quote = next(c for s in second.spells for c in s.citations if c.quote)
    assert second.text(quote.source)[quote.start:quote.end] == quote.quote  # offsets found again
    assert [p.text for p in second.passages("Afghanistan")] == [p.text for p in first.passages("Afghanistan")]


def test_changed_data_is_never_answered_from_an_old_compiled_form(dataset_copy: Path, cache: Path) -> None:
    before = load(dataset_copy)
    info = dataset_copy / "data" / "dataset.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("version: 2026.", "version: 2099."), encoding="utf-8")
    after = load(dataset_copy)
    assert after.version.startswith("2099.") and not before.version.startswith("2099.")
    assert len(list(cache.glob("dataset-*.json"))) == 2


def test_a_broken_data_file_is_reported_even_with_a_compiled_form_at_hand(dataset_copy: Path, cache: Path) -> None:
    load(dataset_copy)
    (dataset_copy / "data" / "zz.yaml").write_text("spells: [", encoding="utf-8")
    with pytest.raises(alliances.DataError):
        load(dataset_copy)


@pytest.mark.parametrize("damage", [b"{not json", b'{"format": 1, "key": "another"}', b""])
def test_a_damaged_or_foreign_compiled_file_is_ignored(dataset_copy: Path, cache: Path, damage: bytes) -> None:
    good = load(dataset_copy)
    (path,) = cache.glob("dataset-*.json")
    path.write_bytes(damage)
    assert _same(load(dataset_copy), good)


def test_a_compiled_file_with_another_key_inside_is_not_trusted(dataset_copy: Path, cache: Path) -> None:
    load(dataset_copy)
    (path,) = cache.glob("dataset-*.json")
    known = content.manifest([dataset_copy])
    payload = path.read_bytes().split(b"\n", 1)[1]
    assert known.key.encode() in payload
    path.write_bytes(compiled.seal(known.key, payload.replace(known.key.encode(), b"0" * len(known.key))))
    assert compiled.read(known, dataset_copy) is None


def test_the_cache_can_be_turned_off(dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALLIANCES_CACHE", "off")
    load(dataset_copy)
    assert user_cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert not (tmp_path / "xdg").exists()


def test_an_unwritable_cache_only_means_reading_the_yaml(dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ALLIANCES_CACHE", str(blocked / "cache"))
    assert load(dataset_copy).spells


def test_user_data_is_part_of_the_key(dataset_copy: Path, tmp_path: Path, cache: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "data").mkdir(parents=True)
    (mine / "seeds").mkdir()
    (mine / "data" / "more.yaml").write_text(
        "sources:\n  - {id: my-note, kind: web, title: Note, publisher: Me}\n", encoding="utf-8")
    assert content.manifest([dataset_copy]).key != content.manifest([dataset_copy, mine]).key
    with_mine = load(dataset_copy, extra=[mine])
    assert "my-note" in {s.id for s in load(dataset_copy, extra=[mine]).sources}
    assert "my-note" not in {s.id for s in load(dataset_copy).sources} and with_mine.root == dataset_copy


def test_no_compiled_file_is_left_half_written(dataset_copy: Path, cache: Path) -> None:
    load(dataset_copy)
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
    assert all(os.path.getsize(p) > 0 for p in cache.iterdir())


def test_a_load_of_ordinary_size_leaves_the_caller_s_collector_alone(dataset_copy: Path, cache: Path) -> None:
    import gc

    frozen = gc.get_freeze_count()
    load(dataset_copy)
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # nothing of the caller's heap frozen


def test_a_large_load_is_kept_out_of_later_collections() -> None:
    import gc

    from alliances.collector import FREEZE_AT, settle

    before = gc.get_freeze_count()
    assert not settle(FREEZE_AT - 1) and gc.get_freeze_count() == before
    holder = [object() for _ in range(1000)]
    assert settle(FREEZE_AT) and gc.get_freeze_count() >= before + len(holder)
    gc.unfreeze()


def test_a_compiled_load_validates_spells_when_first_asked(dataset_copy: Path, cache: Path) -> None:
    eager = load(dataset_copy)
    lazy = load(dataset_copy)
    assert all(spell is None for spell in lazy.shared_spells._done)  # nothing validated yet
    assert lazy.members("CSTO", on="2010-06-01").ids == eager.members("CSTO", on="2010-06-01").ids
    assert sum(spell is not None for spell in lazy.shared_spells._done) == len(eager.index.spells_of_organization["CSTO"])
    for member, spells in eager.index.spells_of_member.items():
        assert lazy.index.spells_of_member[member] == spells
    assert dict(lazy.index.spells_of_organization) == dict(eager.index.spells_of_organization)
    assert lazy.spells == eager.spells and len(lazy.index.spells_of_member) == len(eager.index.spells_of_member)
    first = lazy.index.spells_of_organization["OTS"][0]
    assert any(s is first for s in lazy.index.spells_of_member[first.member.id])  # one object, every view


def test_a_damaged_spell_read_without_its_yaml_at_hand_is_reported_as_such(dataset_copy: Path, cache: Path) -> None:
    load(dataset_copy)
    (path,) = cache.glob("dataset-*.json")
    lazy = compiled.read(content.manifest([dataset_copy]), dataset_copy)  # no way back to the YAML given
    assert lazy is not None
    lazy.shared_spells.store.store._lines = [b"{"] * len(lazy.shared_spells.store.store._lines)
    with pytest.raises(alliances.AlliancesError, match="damaged"):
        lazy.shared_spells.get([0])
