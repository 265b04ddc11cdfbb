"""Every integrity rule has a bad fixture in tests/bad/ that must fail with the right message.

Each fixture is one extra data file added to a copy of the real dataset; its first line says
``# expect: LINE: RULE`` (and any ``# also: LINE: RULE`` lines, further rules the file breaks). The
load must fail, and the first problem must name that file, that line and that rule; every problem
prints as one printable line; nothing may be returned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import alliances
from alliances.errors import DataError

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))
EXPECT = re.compile(r"# expect: (\d+): ([a-z-]+)")
ALSO = re.compile(r"^# also: (\d+): ([a-z-]+)$", re.M)


@pytest.mark.parametrize("fixture", BAD, ids=lambda p: p.name)
def test_bad_file_is_refused_with_file_line_and_rule(fixture: Path, with_file) -> None:
    text = fixture.read_text(encoding="utf-8")
    match = EXPECT.match(text)
    assert match, f"{fixture.name} lacks its '# expect: LINE: RULE' header"
    line, rule = int(match.group(1)), match.group(2)
    root = with_file("zz_bad.yaml", text)
    with pytest.raises(DataError) as caught:
        alliances.load(root)
    problems = [p for p in caught.value.problems if p.file == "data/zz_bad.yaml"]
    assert problems, str(caught.value)
    first = problems[0]
    assert (first.line, first.rule) == (line, rule), str(caught.value)
    assert f"data/zz_bad.yaml:{line}:" in str(caught.value)
    for also_line, also_rule in ALSO.findall(text):  # further rules the same file must break
        assert (int(also_line), also_rule) in {(p.line, p.rule) for p in problems}, str(caught.value)
    assert all("\n" not in str(p) and str(p).isprintable() for p in caught.value.problems)


def test_the_fixtures_cover_every_rule_the_issue_names() -> None:
    rules = {EXPECT.match(p.read_text(encoding="utf-8")).group(2) for p in BAD}  # type: ignore[union-attr]
    wanted = {"start-after-end", "overlapping-spells", "before-organization", "unknown-reference",
              "quote-not-found", "duplicate-key", "duplicate-id", "yaml-anchor", "yaml-tag"}
    assert wanted - rules == set()


def test_five_independent_mistakes_give_five_messages(with_file) -> None:
    names = ["start_after_end.yaml", "unknown_member.yaml", "quote_not_found.yaml",
             "duplicate_id.yaml", "impossible_date.yaml"]
    for i, name in enumerate(names):
        root = with_file(f"zz_{i}.yaml", (Path(__file__).parent / "bad" / name).read_text(encoding="utf-8"))
    with pytest.raises(DataError) as caught:
        alliances.load(root)
    files = {p.file for p in caught.value.problems}
    assert files == {f"data/zz_{i}.yaml" for i in range(5)}, str(caught.value)


def test_a_failed_load_leaves_the_cached_dataset_untouched(with_file) -> None:
    before = alliances.load()
    root = with_file("zz_bad.yaml", "spells: [1]\n")
    with pytest.raises(DataError):
        alliances.load(root)
    assert alliances.load() is before


def test_quote_not_found_shows_the_closest_passage(with_file) -> None:
    text = (Path(__file__).parent / "bad" / "quote_not_found.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataError) as caught:
        alliances.load(with_file("zz_bad.yaml", text))
    assert "The CSTO, comprising Russia, Armenia, Belarus" in str(caught.value)


def test_unknown_reference_suggests_the_closest_id(with_file) -> None:
    text = (Path(__file__).parent / "bad" / "unknown_member.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataError) as caught:
        alliances.load(with_file("zz_bad.yaml", text))
    assert "did you mean 'KAZ'" in str(caught.value)


def test_a_link_out_of_seeds_is_refused(dataset_copy: Path) -> None:
    outside = dataset_copy.parent / "secret.txt"
    outside.write_text("The CSTO, comprising Russia", encoding="utf-8")
    (dataset_copy / "seeds" / "link.txt").symlink_to(outside)
    (dataset_copy / "data" / "zz.yaml").write_text(
        "sources:\n  - {id: linked, kind: article, title: T, publisher: P, file: link.txt}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        alliances.load(dataset_copy)
    assert caught.value.first.rule == "source-path-outside"
    assert caught.value.first.line == 2
