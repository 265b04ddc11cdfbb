"""The read path: a compiled dataset is read with the standard library alone, into the same
immutable records the YAML gives, each made when a question first needs it."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import html
import pickle
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliances
from alliances.dataset import load
from alliances.dates import days_in, iso_day, to_date
from alliances.present import escape

_FIRST_QUESTION = """
import sys, alliances
both = alliances.load(sys.argv[1]).overlap("CSTO", "OTS", on="2024-01-01")
print(",".join(both.names))
print(",".join(sorted(m for m in ("pydantic", "pydantic_core", "yaml", "importlib.metadata") if m in sys.modules)))
"""


def _ask(root: Path, cache: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _FIRST_QUESTION, str(root)], capture_output=True, text=True,
                          env={"ALLIANCES_CACHE": str(cache), "PATH": ""}, check=True, timeout=120)
    return done.stdout.splitlines()


def test_a_compiled_dataset_is_answered_without_pydantic_or_yaml(dataset_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _ask(dataset_copy, cache)  # reads the YAML through pydantic, and compiles it
    second = _ask(dataset_copy, cache)
    assert first[0] == second[0] == "Kazakhstan,Kyrgyzstan"
    assert "pydantic" in first[1] and "yaml" in first[1]
    assert second[1:] in ([], [""])  # nothing of the YAML gate was imported


def test_a_question_reads_only_the_records_it_touches(dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALLIANCES_CACHE", str(tmp_path / "cache"))
    load(dataset_copy)
    lazy = load(dataset_copy)
    assert "Kazakhstan" in lazy.overlap("CSTO", "OTS").names
    read = lazy.index.sources._read  # type: ignore[attr-defined]
    assert 0 < len(read) < len(lazy.index.sources) / 2
    assert len(lazy.sources) == len(lazy.index.sources) == len(read)  # a whole section, when one is read


def test_every_thread_is_handed_the_same_record(dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALLIANCES_CACHE", str(tmp_path / "cache"))
    load(dataset_copy)
    lazy = load(dataset_copy)
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def ask() -> None:
        barrier.wait()
        seen.append(lazy.resolve("Uzbekistan"))
        seen.extend(s.member for s in lazy.memberships("UZB"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(state) for state in seen}) == 1


def test_records_have_no_dict_and_survive_copy_and_pickle(ds: alliances.Dataset) -> None:
    spell = ds.memberships("UZB")[0]
    assert not hasattr(spell, "__dict__") and not hasattr(spell.member, "__dict__")
    assert copy.deepcopy(spell) == spell == pickle.loads(pickle.dumps(spell))
    assert hash(copy.copy(spell)) == hash(spell) and copy.copy(spell).period == spell.period
    with pytest.raises(TypeError):
        alliances.Spell(spell.member)  # type: ignore[misc]  # keyword arguments only
    with pytest.raises(TypeError, match="nothing"):
        alliances.Source(id="x", kind="web", title="t", publisher="p", nothing=1)  # type: ignore[call-arg]


@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_a_month_are_the_calendars(year: int, month: int) -> None:
    assert days_in(year, month) == calendar.monthrange(year, month)[1]


_DAY_TEXTS = st.one_of(st.dates().map(dt.date.isoformat), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
                       st.text(max_size=12))


@given(st.lists(_DAY_TEXTS, max_size=20))
def test_a_day_as_written_reads_as_the_standard_library_reads_it_however_often_asked(texts: list[str]) -> None:
    # iso_day remembers what it read: asked twice, in any order, it answers the same, and never a
    # day the text does not write (2021-02-30, "20210203", fullwidth digits)
    for text in texts + texts[::-1]:
        expected = None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, re.ASCII):
            try:
                expected = dt.date.fromisoformat(text)
            except ValueError:
                pass
        assert iso_day(text) == expected
        if expected is not None:
            assert to_date(text) == expected


@given(st.text(), st.booleans())
def test_escape_is_htmls(text: str, quote: bool) -> None:
    assert escape(text, quote) == html.escape(text, quote)


def test_the_memo_reads_every_questions_parameters_as_inspect_does() -> None:
    import inspect

    from alliances import memo
    from alliances.dataset import Dataset

    questions = [q.__wrapped__ for q in vars(Dataset).values() if callable(q) and hasattr(q, "__wrapped__")]
    questions += [q.__wrapped__ for base in Dataset.__mro__[1:] for q in vars(base).values()
                  if callable(q) and hasattr(q, "__wrapped__")]
    assert len(questions) >= 15
    for question in questions:
        expected = [(p.name, p.kind is p.VAR_POSITIONAL, p.kind is p.POSITIONAL_OR_KEYWORD,
                     memo.NO_DEFAULT if p.default is p.empty else p.default)
                    for p in list(inspect.signature(question).parameters.values())[1:]]
        found = memo.shape_of(question)
        assert [f[:3] for f in found] == [e[:3] for e in expected], question.__name__
        assert all(f[1] or f[3] == e[3] for f, e in zip(found, expected)), question.__name__


def test_the_names_a_compiled_dataset_keeps_are_its_entities_names(dataset_copy: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("ALLIANCES_CACHE", str(tmp_path / "cache"))
    eager = load(dataset_copy)
    lazy = load(dataset_copy)
    kept, made = lazy.sections, eager.sections
    assert dict(kept.names) == dict(made.names) and list(kept.names) == list(made.names)
    assert dict(kept.name_index.entries) == dict(made.name_index.entries)
    assert {w: list(v) for w, v in kept.mention_words.items()} == {w: list(v) for w, v in made.mention_words.items()}
    assert [p.text for p in lazy.passages("Kazakhstan")] == [p.text for p in eager.passages("Kazakhstan")]
    assert [p.mentions for p in lazy.passages("Russia")] == [p.mentions for p in eager.passages("Russia")]
    made_entities = lazy.index.entities._read  # type: ignore[attr-defined]
    assert len(made_entities) < len(lazy.index.entities) / 2  # only those the sentences name
    with pytest.raises(alliances.UnknownNameError, match="Kazakhstan"):
        lazy.resolve("Kazakstn")


def test_a_compiled_dataset_finds_every_name_as_the_yaml_one_does_before_and_after_reading_it_whole(
        dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    # a name is first found by a search of the kept line, each remembered; after many names the line
    # is read whole: the answers (and the misses) are the same all the way through, asked twice
    monkeypatch.setenv("ALLIANCES_CACHE", str(tmp_path / "cache"))
    eager = load(dataset_copy)
    lazy = load(dataset_copy)
    names = [name for entity in eager.index.entities.values() for name in entity.names][:200]
    asked = [n for name in names for n in (name, name.upper(), name + " Republic of Nowhere")]
    for name in asked + asked:
        expected = eager.get(name)
        assert (lazy.get(name).id if lazy.get(name) else None) == (expected.id if expected else None), name
