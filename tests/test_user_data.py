"""User data laid over the bundled data: new articles, sources, organizations and spells."""

from __future__ import annotations

from pathlib import Path

import pytest

import alliances
from alliances.cli import main

ARTICLE = ("Leaders of the Caspian Forum met in Baku. The forum, which unites Azerbaijan, Kazakhstan "
           "and Turkmenistan, welcomed Kazakhstan's proposal on transit corridors.\n")

USER_DATA = """
sources:
  - id: caspian-forum-article
    kind: article
    title: Caspian Forum leaders meet in Baku
    publisher: Example Wire
    url: https://example.org/caspian-forum
    published: 2025-05-01
    file: caspian.txt
organizations:
  - id: CASPF
    name: Caspian Forum
    abbreviation: CaspF
    instrument: Baku Declaration
    founded:
      date: 2020-01-15
      citations: [{source: caspian-forum-article, quote: "Leaders of the Caspian Forum met in Baku"}]
    coverage: [{roles: [member]}]
    citations: [{source: caspian-forum-article, quote: "Leaders of the Caspian Forum"}]
spells:
"""


def _spell(member: str) -> str:
    return f"""  - member: {member}
    organization: CASPF
    role: member
    start:
      how: founding
      date: 2020-01-15
      citations: [{{source: caspian-forum-article, quote: "unites Azerbaijan, Kazakhstan and Turkmenistan"}}]
"""


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    root = tmp_path / "mine"
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "caspian.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "data" / "caspian.yaml").write_text(USER_DATA + "".join(map(_spell, ["AZE", "KAZ", "TKM"])),
                                                encoding="utf-8")
    return root


def test_user_data_loads_over_the_bundled_data_and_mixes_in_queries(user_dir: Path) -> None:
    ds = alliances.load(extra=[user_dir])
    assert ds.overlap("CSTO", "Caspian Forum", on="2024-01-01").ids == {"KAZ"}
    assert ds.overlap("OTS", "CaspF", on="2024-01-01").ids == {"AZE", "KAZ"}
    quote = ds.members("CASPF", on="2024-01-01").citations[0]
    assert ds.text(quote.source)[quote.start:quote.end] == quote.quote
    assert alliances.load() is not ds and "CASPF" not in {o.id for o in alliances.load().organizations}


def test_a_clash_with_the_bundled_data_is_reported(user_dir: Path) -> None:
    with open(user_dir / "data" / "caspian.yaml", "a", encoding="utf-8") as f:
        f.write("states:\n  - {id: KAZ, name: Kazakhstan, citations: [{source: iso-3166-1, locator: x}],"
                " established: {date: 1991-12-16, citations: [{source: iso-3166-1, locator: x}]}}\n")
    with pytest.raises(alliances.DataError) as caught:
        alliances.load(extra=[user_dir])
    first = caught.value.first
    lines = (user_dir / "data" / "caspian.yaml").read_text(encoding="utf-8").splitlines()
    assert (first.rule, first.line) == ("duplicate-id", next(
        i for i, line in enumerate(lines, 1) if line.startswith("  - {id: KAZ, name: Kazakhstan,")))
    assert first.file == f"{user_dir}/data/caspian.yaml"


def test_the_command_line_takes_user_data(user_dir: Path, capsys) -> None:
    assert main(["overlap", "CSTO", "CASPF", "--on", "2024-01-01", "--data", str(user_dir)]) == 0
    assert "Kazakhstan" in capsys.readouterr().out
    assert main(["validate", "--data", str(user_dir)]) == 0


def test_a_user_article_outside_its_own_seeds_is_refused(user_dir: Path) -> None:
    (user_dir / "seeds" / "caspian.txt").rename(user_dir / "caspian.txt")
    with pytest.raises(alliances.DataError) as caught:
        alliances.load(extra=[user_dir])
    assert caught.value.first.rule == "source-file-missing"
