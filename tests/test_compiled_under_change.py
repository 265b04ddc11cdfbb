"""The compiled form under change: stored only under the key of the bytes it was read from, refused
when its checksum does not hold, left for the YAML when a part fails to decode, pruned."""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import alliances
from alliances import cache as user_cache
from alliances import compiled, content, files
from alliances.dataset import load
from alliances.files import MAX_BYTES

NOTE = "sources:\n  - {{id: my-note, kind: web, title: {title}, publisher: Me}}\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALLIANCES_CACHE", str(folder))
    return folder


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A user's own root laid over the dataset, with one source whose title the tests change."""
    root = tmp_path / "mine"
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    _note(root, "Note A")
    return root


def _note(root: Path, title: str) -> None:
    (root / "data" / "note.yaml").write_text(NOTE.format(title=title), encoding="utf-8")


def _title(base: Path, mine: Path) -> str:
    return next(s.title for s in load(base, extra=[mine]).sources if s.id == "my-note")


def _compiled(cache: Path) -> list[Path]:
    return sorted(cache.glob("dataset-*.json"))


# -- the key is the key of the bytes read ---------------------------------------------------


def test_a_file_saved_after_hashing_is_not_stored_under_the_old_key(dataset_copy: Path, mine: Path, cache: Path,
                                                                    monkeypatch) -> None:
    hashed = content.manifest

    def then_saved(roots: list[Path]) -> content.Manifest:
        known = hashed(roots)
        _note(mine, "Note B")  # saved after the key was made, before the loader reads the file
        return known

    monkeypatch.setattr(content, "manifest", then_saved)
    assert _title(dataset_copy, mine) == "Note B"  # this load answers from what it read ...
    assert _compiled(cache) == []  # ... and stores it under no key: not the one it was looked up by
    monkeypatch.setattr(content, "manifest", hashed)
    _note(mine, "Note A")  # reverted
    assert _title(dataset_copy, mine) == "Note A"
    assert len(_compiled(cache)) == 1 and _title(dataset_copy, mine) == "Note A"  # from its compiled form


def test_a_file_changed_and_reverted_during_a_load_is_not_stored(dataset_copy: Path, mine: Path, cache: Path,
                                                                 monkeypatch) -> None:
    read = files.read_bounded

    def edited_while_read(path: Path, name: str) -> bytes:
        if Path(path).parent == mine / "data":
            _note(mine, "Note B")
            try:
                return read(path, name)
            finally:
                _note(mine, "Note A")  # the same bytes as when the key was made
        return read(path, name)

    monkeypatch.setattr(files, "read_bounded", edited_while_read)
    assert _title(dataset_copy, mine) == "Note B"
    assert _compiled(cache) == []
    monkeypatch.setattr(files, "read_bounded", read)
    assert _title(dataset_copy, mine) == "Note A"


def test_a_deferred_file_that_reads_differently_the_second_time_is_not_stored(dataset_copy: Path, mine: Path,
                                                                             cache: Path, monkeypatch) -> None:
    spells = mine / "data" / "spells.yaml"  # spells only: looked at first, read again after the entities
    spells.write_text("spells: []\n", encoding="utf-8")
    read, seen = files.read_bounded, []

    def second_read_differs(path: Path, name: str) -> bytes:
        if Path(path) == spells:
            seen.append(path)
            if len(seen) == 2:
                spells.write_text("spells: []  # edited\n", encoding="utf-8")
        return read(path, name)

    monkeypatch.setattr(files, "read_bounded", second_read_differs)
    load(dataset_copy, extra=[mine])
    assert len(seen) == 2 and _compiled(cache) == []


LOADS = 8
TITLES = ("Note A", "Note B", "Note C", "Note D")


def test_a_writer_racing_loads_never_leaves_a_stale_answer(dataset_copy: Path, mine: Path, cache: Path) -> None:
    stop = threading.Event()

    def writer() -> None:  # rewrites the file in place, as many editors do, until told to stop
        for title in itertools.cycle(TITLES):
            if stop.is_set():
                return
            _note(mine, title)
            time.sleep(0.001)

    racing = threading.Thread(target=writer)
    racing.start()
    try:
        for _ in range(LOADS):
            try:
                load(dataset_copy, extra=[mine])
            except alliances.DataError:  # caught half-written: refused, as it should be
                pass
    finally:
        stop.set()
        racing.join()
    for final in (*TITLES, TITLES[0]):  # each content, then a revert
        _note(mine, final)
        assert _title(dataset_copy, mine) == final


# -- the checksum --------------------------------------------------------------------------


def test_an_altered_compiled_file_is_refused_and_the_yaml_read(dataset_copy: Path, cache: Path) -> None:
    load(dataset_copy)
    (path,) = _compiled(cache)
    raw = path.read_bytes()
    assert b'"Kazakhstan"' in raw
    path.write_bytes(raw.replace(b'"Kazakhstan"', b'"Kazakhstam"'))  # still valid JSON, still the same length
    assert alliances.resolve("KAZ").name == load(dataset_copy).resolve("KAZ").name == "Kazakhstan"
    header, payload = path.read_bytes().split(b"\n", 1)  # the YAML's compiled form, written again
    known = content.manifest([dataset_copy])
    altered = payload.replace(b'"Kazakhstan"', b'"Kazakhstam"')
    path.write_bytes(compiled.seal(known.key, altered))  # what the checksum alone stands against:
    assert load(dataset_copy).resolve("KAZ").name == "Kazakhstam"  # an altered payload sealed again is read


@pytest.mark.parametrize("cut", ["empty", "header only", "half", "one byte short", "one byte more"])
def test_a_compiled_file_cut_short_or_grown_is_treated_as_absent(dataset_copy: Path, cache: Path, cut: str) -> None:
    good = load(dataset_copy)
    (path,) = _compiled(cache)
    raw = path.read_bytes()
    ends = {"empty": 0, "header only": raw.index(b"\n") + 1, "half": len(raw) // 2, "one byte short": len(raw) - 1}
    path.write_bytes(raw[: ends[cut]] if cut in ends else raw + b" ")
    assert compiled.read(content.manifest([dataset_copy]), dataset_copy) is None
    again = load(dataset_copy)  # from the YAML, which compiles it again
    assert again.members("CSTO", on="2010-06-01").ids == good.members("CSTO", on="2010-06-01").ids
    assert path.read_bytes() == raw


def test_a_shipped_compiled_form_that_is_altered_is_not_read(dataset_copy: Path, monkeypatch) -> None:
    from alliances.loader import compile_bundle

    monkeypatch.setenv("ALLIANCES_CACHE", "off")
    shipped = compile_bundle(dataset_copy)
    shipped.write_bytes(shipped.read_bytes().replace(b'"Kazakhstan"', b'"Kazakhstam"'))
    assert load(dataset_copy).resolve("KAZ").name == "Kazakhstan"


# -- a part that fails to decode later -------------------------------------------------------


def test_a_damaged_spell_batch_falls_back_to_the_yaml(dataset_copy: Path, cache: Path) -> None:
    eager = load(dataset_copy)
    (path,) = _compiled(cache)
    known = content.manifest([dataset_copy])
    lines = path.read_bytes().split(b"\n")[1:]  # after the seal: what follows, a line a record, the spells last
    first_spell = len(lines) - len(eager.spells)
    inside_spells = b'"source":"cst-extension-protocol-1999"'  # a citation as a spell's line holds it
    assert any(inside_spells in line for line in lines[first_spell:])
    lines[first_spell:] = [line.replace(inside_spells, b'"source":"no-such-source"') for line in lines[first_spell:]]
    path.write_bytes(compiled.seal(known.key, b"\n".join(lines)))
    lazy = load(dataset_copy)  # the checksum holds: the damage shows only when the spells are decoded
    assert lazy.members("CSTO", on="2010-06-01").ids == eager.members("CSTO", on="2010-06-01").ids
    assert lazy.spells == eager.spells and lazy.overlap("CSTO", "OTS").ids == eager.overlap("CSTO", "OTS").ids
    assert not path.exists()  # not trusted again
    load(dataset_copy)
    assert _compiled(cache) == [path]  # compiled again by the next load


# Where the lines kept beside the records are, counted from the first line after the seal: the
# name index, the names, the ids of the entities the articles name, then each one's sentences.
KEPT_LINES = {"name index": 1, "names": 2, "named": 3, "sentences": 4}
def _each_sentence(change: Callable[[list[Any]], list[Any]]) -> Callable[[bytes], bytes]:
    """A damage to a line of sentences (source id, start, end, ids named): ``change`` done to each."""
    return lambda line: json.dumps([change(sentence) for sentence in json.loads(line)]).encode()


KEPT_DAMAGE = {  # a line kept beside the records, and what is done to it (its checksum sealed again)
    "a name of no entity": ("name index", lambda line: line.replace(b'"kazakhstan":"KAZ"', b'"kazakhstan":"KAX"')),
    "a name index that is not JSON": ("name index", lambda line: line[:-1]),
    "names that are not JSON": ("names", lambda line: line[:-1]),
    "names of other entities": ("names", lambda line: line.replace(b'"KAZ":', b'"KAX":')),
    "named ids that are not a list": ("named", lambda line: b'{"KAZ":1}'),
    "a sentence naming no such entity": ("sentences", _each_sentence(lambda s: [*s[:3], [*s[3], "no-such-entity"]])),
    "a sentence beyond its article": ("sentences", _each_sentence(lambda s: [s[0], s[1], 10**6, s[3]])),
    "a sentence of no article": ("sentences", _each_sentence(lambda s: ["elsewhere", *s[1:]])),
    "a sentence not naming its entity": ("sentences", _each_sentence(lambda s: [*s[:3], []])),
    "sentences that are not JSON": ("sentences", lambda line: line[:-1]),
}


def _passages(ds: alliances.Dataset, name: str) -> list[tuple[object, ...]]:
    return [(p.source.id, p.start, p.end, p.text, tuple(e.id for e in p.mentions)) for p in ds.passages(name)]


@pytest.mark.parametrize("damage", sorted(KEPT_DAMAGE))
def test_a_damaged_line_kept_beside_the_records_falls_back_to_the_yaml(dataset_copy: Path, cache: Path,
                                                                       damage: str) -> None:
    eager = load(dataset_copy)
    (path,) = _compiled(cache)
    lines = path.read_bytes().split(b"\n")[1:]  # after the seal: the first line, then the lines kept
    kind, change = KEPT_DAMAGE[damage]
    number = KEPT_LINES[kind] + (json.loads(lines[3]).index("KAZ") if kind == "sentences" else 0)
    changed = change(lines[number])
    assert changed != lines[number]
    lines[number] = changed
    path.write_bytes(compiled.seal(content.manifest([dataset_copy]).key, b"\n".join(lines)))
    lazy = load(dataset_copy)  # the checksum holds: the damage shows only when the line is read
    assert lazy.sections.kept is not None
    assert _passages(lazy, "Kazakhstan") == _passages(eager, "Kazakhstan")
    assert dict(lazy.sections.names) == dict(eager.sections.names)
    assert lazy.resolve("Kazakhstan").id == "KAZ" and _passages(lazy, "Russia") == _passages(eager, "Russia")
    with pytest.raises(alliances.UnknownNameError, match="Kazakhstan"):  # suggestions: every name read
        lazy.resolve("Kazakstn")
    assert dict(lazy.sections.name_index.entries) == dict(eager.sections.name_index.entries)
    assert not path.exists()  # not trusted again


# -- pruning -------------------------------------------------------------------------------


def _aged(folder: Path, name: str, days: float, now: float) -> Path:
    path = folder / name
    path.write_bytes(b"x")
    os.utime(path, (now - days * 86400, now - days * 86400))
    return path


def test_pruning_keeps_the_newest_of_the_same_roots_and_touches_nothing_else(tmp_path: Path) -> None:
    folder, now = tmp_path / "cache", time.time()
    folder.mkdir()
    same = [_aged(folder, f"dataset-{'a' * 16}-{str(n) * 32}.json", days=n, now=now) for n in range(1, 6)]
    other = _aged(folder, f"dataset-{'b' * 16}-{'1' * 32}.json", days=20, now=now)
    old = _aged(folder, f"dataset-{'b' * 16}-{'2' * 32}.json", days=45, now=now)
    legacy = _aged(folder, f"dataset-{'3' * 32}.json", days=31, now=now)  # an older library's name
    recent_legacy = _aged(folder, f"dataset-{'4' * 32}.json", days=2, now=now)
    dead_writer, writing = _aged(folder, ".dataset-k2j4_x.tmp", 1, now), _aged(folder, ".dataset-q9z.tmp", 0, now)
    foreign = [_aged(folder, name, days=90, now=now) for name in
               ("notes.txt", "dataset-mine.json", f"dataset-{'a' * 16}-{'9' * 32}.json.bak", "other.tmp")]
    outside = _aged(tmp_path, "outside.json", days=90, now=now)
    (folder / f"dataset-{'a' * 16}-{'8' * 32}.json").symlink_to(outside)  # named like ours, but a link
    gone = user_cache.prune(folder, "a" * 16, now)
    assert sorted(gone) == sorted(p.name for p in [*same[user_cache.KEEP:], old, legacy, dead_writer])
    left = [*same[: user_cache.KEEP], other, recent_legacy, writing, *foreign]
    assert all(p.exists() for p in left) and outside.exists() and (folder / f"dataset-{'a' * 16}-{'8' * 32}.json").is_symlink()


def test_writing_a_compiled_file_prunes_the_oldest_of_its_roots(dataset_copy: Path, mine: Path, cache: Path) -> None:
    for title in ("Note 1", "Note 2", "Note 3", "Note 4", "Note 5"):
        _note(mine, title)
        load(dataset_copy, extra=[mine])
    assert len(_compiled(cache)) == user_cache.KEEP
    load(dataset_copy)  # other roots: their own file, nothing of the others' removed
    assert len(_compiled(cache)) == user_cache.KEEP + 1
    _note(mine, "Note 5")
    assert _title(dataset_copy, mine) == "Note 5"


def test_a_compiled_file_read_again_is_kept_by_pruning(dataset_copy: Path, mine: Path, cache: Path) -> None:
    load(dataset_copy, extra=[mine])  # Note A
    first = user_cache.path_for(content.manifest([dataset_copy, mine]).key, content.manifest([dataset_copy, mine]).family)
    for title in ("Note B", "Note C"):
        _note(mine, title)
        load(dataset_copy, extra=[mine])
    now = time.time()
    for path in _compiled(cache):  # Note A's the oldest: the first to go, unless it is used again
        age = 7200 if path == first else 3600
        os.utime(path, (now - age, now - age))
    _note(mine, "Note A")
    load(dataset_copy, extra=[mine])  # read again: now the most recently used
    _note(mine, "Note D")
    load(dataset_copy, extra=[mine])  # a fourth: the least recently used goes, not Note A's
    left = _compiled(cache)
    assert len(left) == user_cache.KEEP and first in left


# -- what hashing reads ----------------------------------------------------------------------


def test_hashing_follows_no_link_out_of_data_and_reads_nothing_over_the_limit(dataset_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("spells: []\n", encoding="utf-8")
    (dataset_copy / "data" / "zz_out.yaml").symlink_to(outside)
    with open(dataset_copy / "data" / "zz_huge.yaml", "wb") as f:
        f.truncate(MAX_BYTES + 1)
    before = content.manifest([dataset_copy])
    outside.write_text("spells: [] # changed\n", encoding="utf-8")
    with open(dataset_copy / "data" / "zz_huge.yaml", "r+b") as f:
        f.write(b"# changed")  # past the limit: never read, so never hashed
    after = content.manifest([dataset_copy])
    assert before.entries["0/data/zz_out.yaml"] == "refused data-path-outside"
    assert before.entries["0/data/zz_huge.yaml"] == "refused too-large"
    assert before.key == after.key


def test_the_key_is_of_the_content_and_the_listing_not_of_where_it_lies(dataset_copy: Path, tmp_path: Path) -> None:
    import shutil

    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(dataset_copy, elsewhere)
    here, there = content.manifest([dataset_copy]), content.manifest([elsewhere])
    assert here.key == there.key and here.family != there.family  # a shipped compiled form is found after install
    (elsewhere / "data" / "zz_empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert content.manifest([elsewhere]).key != here.key  # a file more is another content
    (elsewhere / "data" / "zz_empty.yml").unlink()
    (elsewhere / "seeds" / "notes.txt").write_text("unused", encoding="utf-8")
    assert content.manifest([elsewhere]).key != here.key
