"""The researcher's toolkit: periods, panels in COW IGO's codes, DataFrames, codes, and answers a
machine can read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances
from alliances.cli import main

ORGS = ["CSTO", "OTS", "SCO", "CIS", "EAEU", "NATO", "EU", "UN", "OSCE", "COE"]
YEARS = st.integers(1992, 2025)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ORGS), YEARS, st.integers(1, 12))
def test_during_a_month_is_the_union_of_its_days(org: str, year: int, month: int) -> None:
    during = alliances.members(org, during=f"{year}-{month:02d}")
    span = alliances.dates.to_span(f"{year}-{month:02d}")
    per_day = {day: alliances.members(org, on=day).ids for day in _days(span.first, span.last)}
    assert during.ids == frozenset().union(*per_day.values())
    for member in during.ids:
        assert during.standing(member).days == sum(member in ids for ids in per_day.values())


def test_uzbekistan_in_the_csto_during_2012_held_353_days() -> None:
    answer = alliances.members("CSTO", during=2012)
    assert "UZB" in answer and answer.standing("UZB").days == 353
    assert "UZB" not in alliances.members("CSTO", on="2012-12-31")


def test_a_year_asked_as_a_day_is_refused_with_a_pointer_to_during() -> None:
    with pytest.raises(alliances.QueryError, match="during='2015'") as caught:
        alliances.members("CSTO", on="2015")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, alliances.AlliancesError)
    for bad in ("2015-13-01", "yesterday", "2015..2010"):
        with pytest.raises(alliances.AlliancesError):
            alliances.members("CSTO", during=bad) if ".." in bad else alliances.members("CSTO", on=bad)


# -- panels -------------------------------------------------------------------------------------

UZB_CSTO = {  # status, by rule, 1998-2013: the 1999 non-renewal (21 April), the return of 16 August
    # 2006, the suspension of 19 December 2012
    "dec31": {1998: 1, 1999: 0, 2005: 0, 2006: 1, 2007: 1, 2011: 1, 2012: 0, 2013: 0},
    "any-day": {1998: 1, 1999: 1, 2005: 0, 2006: 1, 2007: 1, 2011: 1, 2012: 1, 2013: 0},
    "majority": {1998: 1, 1999: 0, 2005: 0, 2006: 0, 2007: 1, 2011: 1, 2012: 1, 2013: 0},
}


@pytest.mark.parametrize("rule", sorted(UZB_CSTO))
def test_uzbekistan_s_csto_rows_under_each_rule(rule: str) -> None:
    rows = alliances.panel("state-year", ["CSTO"], years="1998..2013", rule=rule).to_records()
    status = {r["year"]: r["status"] for r in rows if r["state"] == "UZB"}
    assert {year: status[year] for year in UZB_CSTO[rule]} == UZB_CSTO[rule]
    days = {r["year"]: r["days"] for r in rows if r["state"] == "UZB"}
    assert (days[1999], days[2006], days[2012]) == (110, 138, 353)


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(ORGS), YEARS)
def test_a_dec31_row_agrees_with_members_on_31_december(org: str, year: int) -> None:
    rows = alliances.panel("state-year", [org], years=[year]).to_records()
    members = alliances.members(org, on=dt.date(year, 12, 31)).ids
    assert {r["state"] for r in rows if r["status"] == 1} == {m for m in members if m in {s.id for s in alliances.load().states}}
    assert all(r["status"] != 1 or r["role"] == "member" for r in rows)


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(ORGS), YEARS)
def test_the_other_rules_agree_with_the_days_held(org: str, year: int) -> None:
    length = 366 if year % 4 == 0 else 365
    during = alliances.members(org, during=year)
    for rule, held in (("any-day", lambda d: d > 0), ("majority", lambda d: 2 * d > length)):
        rows = alliances.panel("state-year", [org], years=[year], rule=rule).to_records()
        full = {r["state"] for r in rows if r["status"] == 1}
        expected = {m for m in during.ids if held(during.standing(m).days)} & {r["state"] for r in rows}
        assert full == expected, rule


@settings(max_examples=10, deadline=None)
@given(YEARS)
def test_a_dyad_year_count_agrees_with_overlap(year: int) -> None:
    orgs = ["CSTO", "OTS", "SCO"]
    rows = alliances.panel("dyad-year", orgs, years=[year]).to_records()
    day = dt.date(year, 12, 31)
    for row in rows:
        both = [o for o in orgs if {row["state_a"], row["state_b"]} <= alliances.members(o, on=day).ids]
        assert (row["shared"], row["organizations"]) == (len(both), both)
    pairs = {(r["state_a"], r["state_b"]) for r in rows}
    csto = sorted(alliances.members("CSTO", on=day).ids)
    assert all((a, b) in pairs for i, a in enumerate(csto) for b in csto[i + 1:])


def test_years_before_a_founding_are_minus_one_and_unrecorded_years_have_no_rows() -> None:
    rows = alliances.panel("state-year", ["OTS"], years="2008..2009").to_records()
    assert {r["status"] for r in rows if r["year"] == 2008} == {-1}
    assert {r["status"] for r in rows if r["year"] == 2009 and r["state"] == "TUR"} == {1}
    cica = alliances.panel("state-year", ["CICA"], years="2000..2003").to_records()
    assert {r["year"] for r in cica} == {2003}  # members are recorded from June 2002 on


def test_the_command_line_panel_loads_into_pandas_with_the_cow_columns(capsys) -> None:
    pandas = pytest.importorskip("pandas")
    assert main(["panel", "state-year", "CSTO", "OTS", "--from", "1992", "--to", "2026", "--format", "csv"]) == 0
    frame = pandas.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"state", "iso3", "cow", "wikidata", "year", "organization", "status", "role", "days", "imprecise"} <= set(frame.columns)
    assert set(frame["status"]) <= {-1, 0, 1, 2, 3} and frame["year"].min() == 1992


# -- DataFrames, codes, machine-readable answers -------------------------------------------------


def test_answers_and_tables_become_typed_dataframes() -> None:
    pandas = pytest.importorskip("pandas")
    frame = alliances.members("CSTO", during=2012).to_dataframe()
    assert str(frame["since"].dtype).startswith("datetime64") and frame["frozen"].dtype == bool
    empty = alliances.overlap("CSTO", "OTS", on="2000-01-01").to_dataframe()
    assert list(empty.columns) == list(alliances.overlap("CSTO", "OTS", on="2020-01-01").to_dataframe().columns)
    spells = alliances.table("spells")
    assert len(spells) == len(alliances.load().spells) and "start_precision" in spells.columns
    assert isinstance(spells, pandas.DataFrame)
    states = alliances.table("states")
    assert {"iso3", "cow", "wikidata", "established"} <= set(states.columns)


@pytest.mark.parametrize(("code", "state"), [("705", "KAZ"), ("Q232", "KAZ"), ("004", "AFG"), ("iso:705", "SVN"),
                                             ("cow:2", "USA"), ("KZK", "KAZ"), ("ISO 398", "KAZ")])
def test_codes_resolve_to_their_state(code: str, state: str) -> None:
    assert alliances.resolve(code).id == state
    assert state in alliances.members("UN", on="2020-01-01") if code != "004" else True


@pytest.mark.parametrize("text", ["Kazakhstan705", "7055", "Q232x", "x705"])
def test_a_code_is_never_matched_inside_a_word(text: str) -> None:
    with pytest.raises(alliances.UnknownNameError):
        alliances.resolve(text)


def test_the_crosswalk_of_a_state(capsys) -> None:
    row = alliances.codes("Kazakhstan").to_records()[0]
    assert (row["iso3"], row["cow"], row["cow_abbr"], row["wikidata"]) == ("KAZ", 705, "KZK", "Q232")
    assert main(["codes", "705"]) == 0 and "Q232" in capsys.readouterr().out


def test_csv_has_a_header_when_empty_and_booleans_as_words(capsys) -> None:
    assert main(["overlap", "CSTO", "OTS", "--on", "2000-01-01", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "id,name,iso3,since,frozen,imprecise,sources"
    assert main(["members", "CSTO", "--on", "2025-01-01", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["frozen"] for r in rows} == {"true", "false"}


def test_json_gives_the_question_as_fields_and_ties_citations_to_rows(capsys) -> None:
    assert main(["members", "CSTO", "--during", "2012", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["question"]["function"] == "members" and payload["question"]["during"] == "2012"
    assert payload["data"]["version"] == alliances.load().version
    ids = {c["id"] for c in payload["citations"]}
    assert all(row["citations"] and set(row["citations"]) <= ids for row in payload["results"])
    uzbekistan = next(r for r in payload["results"] if r["id"] == "UZB")
    cited = {c["source"] for c in payload["citations"] if c["id"] in uzbekistan["citations"]}
    assert cited == set(uzbekistan["sources"])


def test_qualifiers_are_objects_in_json(capsys) -> None:
    assert main(["memberships", "ARM", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]
    csto = next(r for r in rows if r["organization"] == "CSTO")
    assert csto["qualifiers"][0]["kind"] == "frozen" and csto["qualifiers"][0]["start"] == "2024-02-22"


def test_the_version_names_the_library_and_the_data(capsys) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert alliances.__version__ in out and alliances.load().version in out
