"""Coverage: a question the data cannot answer is refused, never answered "none"; an empty answer
means nobody held the status; answers say what they searched; abbreviations find organizations."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import alliances
from alliances.cli import main

CODEBOOK = Path(__file__).resolve().parent.parent / "docs" / "codebook.md"


@pytest.mark.parametrize(("organization", "role", "on"), [
    ("CSTO", "observer", "2020-01-01"),       # the CSTO has members only
    ("PFP", "member", "2020-01-01"),          # the Partnership has partners
    ("ECC", "member", "2020-01-01"),          # recorded as an observer of the ECO; its own members are not
    ("EU", "candidate", "2005-01-01"),        # candidates are recorded from 2007
    ("CICA", "member", "2000-01-01"),         # members are recorded from the Almaty Act of 2002
    ("TURKSOY", "observer", "2020-01-01"),
])
def test_a_question_outside_the_coverage_is_refused_with_what_is_recorded(organization, role, on) -> None:
    with pytest.raises(alliances.NotCoveredError) as caught:
        alliances.members(organization, role=role, on=on)
    assert isinstance(caught.value, LookupError) and isinstance(caught.value, alliances.AlliancesError)
    assert caught.value.organization == organization
    assert "record" in str(caught.value)


def test_overlap_is_refused_when_one_side_is_not_covered() -> None:
    with pytest.raises(alliances.NotCoveredError):
        alliances.overlap("CSTO", "ECC", on="2020-01-01")
    with pytest.raises(alliances.NotCoveredError):
        alliances.overlap_periods("CSTO", "PFP")


def test_before_its_founding_an_organization_has_no_members_and_says_so() -> None:
    answer = alliances.members("SCO", on="1995-01-01")
    assert list(answer) == [] and any("did not exist yet" in note for note in answer.notes)
    assert "did not exist yet" in repr(answer)
    after = alliances.members("EURASEC", on="2016-01-01")
    assert list(after) == [] and any("no longer existed" in note for note in after.notes)


def test_an_empty_answer_inside_the_coverage_means_nobody() -> None:
    answer = alliances.members("UN", role="observer", on="2010-01-01")
    assert answer.ids >= {"VAT"} and not any("did not exist" in n for n in answer.notes)
    assert any("states only" in n for n in answer.notes)  # the organizations with the status are not all recorded


def test_a_day_after_the_as_of_date_is_answered_and_flagged() -> None:
    ds = alliances.load()
    as_of = dt.date.fromisoformat(ds.as_of)
    assert not ds.members("CSTO", on=as_of).beyond_as_of
    later = ds.members("CSTO", on=as_of + dt.timedelta(days=1))
    assert later.beyond_as_of and later.ids == ds.members("CSTO", on=as_of).ids
    assert ds.memberships("KAZ", on=as_of + dt.timedelta(days=1)).beyond_as_of


def test_the_command_line_refuses_with_exit_2_and_notes_a_late_day(capsys) -> None:
    assert main(["members", "CSTO", "--role", "observer"]) == 2
    assert "not its observers" in capsys.readouterr().err
    as_of = dt.date.fromisoformat(alliances.load().as_of)
    assert main(["members", "CSTO", "--on", (as_of + dt.timedelta(days=3)).isoformat()]) == 0
    captured = capsys.readouterr()
    assert "Kazakhstan" in captured.out and f"the data is as of {as_of}" in captured.err


def test_memberships_and_history_say_which_organizations_they_searched() -> None:
    spells = alliances.memberships("Türkiye")
    covered = {o.id for o in spells.covered}
    assert covered == {o.id for o in alliances.load().organizations if o.coverage}
    assert {s.organization.id for s in spells} <= covered and "CSTO" in covered
    assert any(str(len(covered)) in note for note in spells.notes)
    assert {o.id for o in alliances.history("TUR").covered} == covered


@pytest.mark.parametrize(("typed", "meant"), [("NATOO", "North Atlantic Treaty Organization"),
                                              ("EAEUU", "Eurasian Economic Union"),
                                              ("SCOO", "Shanghai Cooperation Organization")])
def test_an_abbreviation_typo_is_matched_against_organizations(typed, meant) -> None:
    with pytest.raises(alliances.UnknownNameError) as caught:
        alliances.resolve(typed)
    assert meant in caught.value.suggestions
    states = {s.name for s in alliances.load().states}
    assert not states & set(caught.value.suggestions)


def test_an_abbreviation_nothing_is_close_to_says_so() -> None:
    with pytest.raises(alliances.UnknownNameError) as caught:
        alliances.resolve("QXZV")
    assert caught.value.suggestions == () and "no organization" in str(caught.value)


def test_the_coverage_report_has_one_row_per_organization() -> None:
    report = alliances.coverage()
    ds = alliances.load()
    assert sorted(r["id"] for r in report.to_records()) == sorted(o.id for o in ds.organizations)
    for row in report.to_records():
        organization = ds.organization(row["id"])
        assert row["spells"] == len([s for s in ds.spells if s.organization.id == row["id"]])
        assert (row["recorded"] == "(membership not recorded)") == (not organization.coverage)
        assert row["official"] is None or 0 <= row["official"] <= 1


def test_the_codebook_carries_the_current_coverage_table() -> None:
    text = CODEBOOK.read_text(encoding="utf-8")
    table = re.search(r"<!-- coverage: start -->\n(.*?)\n<!-- coverage: end -->", text, re.S)
    assert table, "the codebook lacks its coverage markers"
    assert table.group(1) == alliances.coverage().markdown(), "run: alliances coverage --format markdown"
