"""Relations beyond membership: offices, typed relations, connections, regions, and the articles.

Facts are checked against what the sources say (docs/research/); behaviour is checked on the
bundled data and on copies with a second article that the tests write themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances
from alliances import cli
from alliances.seeds import sentence_spans

ARTICLE = "yenisafak-lavrov-csto-2026"


# -- offices ------------------------------------------------------------------------------


def test_the_csto_secretary_general_on_a_date_is_cited(ds: alliances.Dataset) -> None:
    now = ds.office_holders("CSTO", "secretary-general", on="2026-03-01")
    before = ds.office_holders("CSTO", "secretary-general", on="2021-06-01")
    assert [t.holder.id for t in now] == ["masadykov"]
    assert len(before) == 1 and before[0].holder.id != "masadykov"
    assert now.citations and before.citations


@pytest.mark.parametrize("spelling", ["Secretary General", "secretary_general", "SECRETARY-GENERAL", "sg"])
def test_post_names_are_forgiving(ds: alliances.Dataset, spelling: str) -> None:
    assert list(ds.office_holders("CSTO", spelling)) == list(ds.office_holders("CSTO", "secretary-general"))


def test_an_unknown_post_names_the_known_ones(ds: alliances.Dataset) -> None:
    with pytest.raises(alliances.QueryError, match="secretary-general, chair"):
        ds.office_holders("CSTO", "treasurer")


def test_russia_chairs_the_collective_security_council_in_2026_on_the_article_s_word(ds: alliances.Dataset) -> None:
    chair = ds.office_holders("CSTO", "chair", on="2026-06-01")
    assert [t.holder.id for t in chair] == ["RUS"]
    assert any(c.source.id == ARTICLE and "rotating chairmanship" in (c.quote or "") for c in chair.citations)


def test_terms_of_one_post_never_overlap_but_at_a_handover(ds: alliances.Dataset) -> None:
    for org in ds.organizations:
        for post in ("secretary-general", "chair"):
            terms = list(ds.office_holders(org, post))
            for earlier, later in zip(terms, terms[1:]):
                handover = earlier.end is not None and earlier.end.date == later.start.date
                assert handover or not earlier.period.overlaps(later.period), (earlier, later)


def test_offices_of_a_person_mirror_the_holders_of_a_post(ds: alliances.Dataset) -> None:
    for term in ds.terms:
        assert term in ds.offices(term.holder)
        assert term in ds.office_holders(term.organization, term.post.value)


# -- relations and connections ------------------------------------------------------------


def test_observer_relations_keep_their_direction(ds: alliances.Dataset) -> None:
    observers = ds.relations("OTS", kind="observer")
    pairs = {(k.subject.id, k.object.id) for k in observers}
    assert ("OTS", "ECO") in pairs and ("ECO", "OTS") in pairs
    ots_at_eco = next(k for k in observers if k.subject.id == "OTS")
    eco_at_ots = next(k for k in observers if k.subject.id == "ECO")
    assert ots_at_eco.start != eco_at_ots.start  # two different facts, not one seen twice


def test_the_csto_and_the_sco_signed_an_agreement_in_2007(ds: alliances.Dataset) -> None:
    agreements = ds.relations("SCO", kind="agreement")
    assert [(k.subject.id, k.object.id, str(k.start)) for k in agreements] == [("CSTO", "SCO", "2007-10-05")]


def test_the_article_s_concerns_are_relations_with_their_quotes(ds: alliances.Dataset) -> None:
    concerns = ds.relations("CSTO", kind="concern")
    assert {k.object.id for k in concerns} == {"central-asia", "AFG"}
    for link in concerns:
        quoted = [c for c in link.citations if c.source.id == ARTICLE]
        assert quoted and all(ds.text(ARTICLE)[c.start:c.end] == c.quote for c in quoted)


def test_relations_on_a_date_leave_out_what_had_not_begun(ds: alliances.Dataset) -> None:
    assert not ds.relations("CSTO", kind="concern", on="2025-01-01")
    assert len(ds.relations("CSTO", kind="concern", on="2026-03-01")) == 2


def test_an_unknown_relation_kind_is_a_query_error(ds: alliances.Dataset) -> None:
    with pytest.raises(alliances.QueryError, match="agreement"):
        ds.relations("CSTO", kind="friendship")


def test_turkiye_and_kazakhstan_are_connected_through_the_ots_since_2009(ds: alliances.Dataset) -> None:
    links = ds.connections("Türkiye", "Kazakhstan")
    shared = [k for k in links if k.kind == "co-membership" and k.via.id == "OTS"]
    assert [(k.via.id, str(k.start), k.end) for k in shared] == [("OTS", "2009-10-03", None)]
    assert shared[0].citations and "CSTO" not in {k.via.id for k in links if k.kind == "co-membership"}


def test_connections_are_the_same_both_ways(ds: alliances.Dataset) -> None:
    for a, b in [("TUR", "KAZ"), ("CSTO", "AFG"), ("UZB", "CSTO"), ("KAZ", "KGZ"), ("OTS", "ECO")]:
        there = {(k.kind, str(k.start), k.description) for k in ds.connections(a, b)}
        back = {(k.kind, str(k.start)) for k in ds.connections(b, a)}
        assert {(kind, start) for kind, start, _ in there} == back


def test_a_connection_on_a_date_holds_on_that_date(ds: alliances.Dataset) -> None:
    all_links = ds.connections("Uzbekistan", "Kazakhstan")
    in_2010 = ds.connections("Uzbekistan", "Kazakhstan", on="2010-06-01")
    assert 0 < len(in_2010) < len(all_links)
    shared = {(k.via.id, k.record[0].role) for k in in_2010 if k.kind == "co-membership"}
    assert ("CSTO", alliances.Role.MEMBER) in shared and "OTS" not in {org for org, _ in shared}  # UZB: OTS in 2019
    assert all(ds.members(org, on="2010-06-01", role=role).ids >= {"UZB", "KAZ"} for org, role in shared)


# -- regions ------------------------------------------------------------------------------


def test_the_csto_members_in_central_asia(ds: alliances.Dataset) -> None:
    region = ds.in_region("Central Asia")
    assert region.region.standard.value == "UN M49" and region.region.code == "143"
    answer = ds.members("CSTO", region="Central Asia")
    assert answer.ids == ds.members("CSTO").ids & region.ids
    assert answer == (ds.members("CSTO") & region)
    assert "in Central Asia" in answer.title


def test_a_state_is_not_a_region(ds: alliances.Dataset) -> None:
    with pytest.raises(alliances.QueryError, match="not a region"):
        ds.in_region("Kazakhstan")


# -- the articles as evidence -------------------------------------------------------------


def test_articles_list_the_seeds_with_their_metadata(ds: alliances.Dataset) -> None:
    rows = ds.articles().to_records()
    assert [r["id"] for r in rows] == [ARTICLE]
    assert rows[0]["characters"] == len(ds.text(ARTICLE)) and rows[0]["url"].startswith("https://")


def test_passages_about_afghanistan_slice_the_article_exactly(ds: alliances.Dataset) -> None:
    found = ds.passages("Afghanistan")
    text = ds.text(ARTICLE)
    expected = [(a, b) for a, b in sentence_spans(text) if "Afghanistan" in text[a:b]]
    assert [(p.start, p.end) for p in found] == expected and len(found) >= 3
    assert all(text[p.start:p.end] == p.text for p in found)


def test_passages_find_an_entity_by_any_of_its_names(ds: alliances.Dataset) -> None:
    by_abbreviation = {p.start for p in ds.passages("CSTO")}
    text = ds.text(ARTICLE)
    for start in (text.index("Collective Security Treaty Organization."), text.index("The CSTO, comprising")):
        assert any(p.start <= start < p.end for p in ds.passages("Collective Security Treaty Organization"))
        assert any(s <= start for s in by_abbreviation)


def test_a_name_inside_a_longer_word_is_not_a_mention(ds: alliances.Dataset) -> None:
    russian_only = [p for p in ds.passages("Russia") if "Russia" not in p.text.replace("Russian", "")]
    assert russian_only == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["CSTO", "Afghanistan", "Central Asia", "RUS", "KAZ", "Türkiye", "OTS", "lavrov"]),
                min_size=1, max_size=3))
def test_passages_of_several_entities_are_the_passages_common_to_each(names: list[str]) -> None:
    ds = alliances.load()
    together = {(p.source.id, p.start) for p in ds.passages(*names)}
    each = [{(p.source.id, p.start) for p in ds.passages(name)} for name in names]
    assert together == set.intersection(*each)


def test_the_article_s_list_of_csto_members_agrees_with_the_data(ds: alliances.Dataset) -> None:
    checks = ds.cross_check(ARTICLE)
    assert len(checks) == 1 and checks.agree
    assert checks[0].in_data == frozenset({"RUS", "ARM", "BLR", "KAZ", "KGZ", "TJK"})


SECOND_ARTICLE = """Steppe Herald: a look back

In 2015 the CSTO, comprising Russia, Belarus and Uzbekistan, met in Dushanbe. Afghanistan was on the agenda.
Kazakhstan sent observers to the talks.
"""

SECOND_SOURCE = """sources:
  - id: steppe-herald-2015
    kind: article
    title: "Steppe Herald: a look back"
    publisher: Steppe Herald
    published: 2015-03
    file: steppe-herald.txt
claims:
  - organization: CSTO
    on: 2015-03
    members: [RUS, BLR, UZB]
    citations: [{source: steppe-herald-2015, quote: "the CSTO, comprising Russia, Belarus and Uzbekistan"}]
"""


@pytest.fixture
def second_article(dataset_copy: Path) -> Path:
    """A dataset copy with one more article: its text in seeds/, its metadata, a citation of it."""
    (dataset_copy / "seeds" / "steppe-herald.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    (dataset_copy / "data" / "steppe.yaml").write_text(SECOND_SOURCE, encoding="utf-8")
    return dataset_copy


def test_adding_an_article_needs_only_its_text_its_metadata_and_a_citation(second_article: Path) -> None:
    ds = alliances.load(second_article)
    assert {a.id for a in ds.articles()} == {ARTICLE, "steppe-herald-2015"}
    afghan = ds.passages("Afghanistan", source="steppe-herald-2015")
    assert [p.text for p in afghan] == ["Afghanistan was on the agenda."]
    both = ds.passages("CSTO", "Afghanistan")
    assert {p.source.id for p in both} == {ARTICLE}  # the new article names them in different sentences
    kazakhstan = ds.passages("Kazakhstan")
    assert "Kazakhstan sent observers to the talks." in [p.text for p in kazakhstan]
    assert all(ds.text(p.source)[p.start:p.end] == p.text for p in kazakhstan)


def test_a_claim_the_data_contradicts_is_reported_with_what_differs(second_article: Path) -> None:
    ds = alliances.load(second_article)
    check = ds.cross_check("steppe-herald-2015")[0]
    assert not check.agrees
    assert check.missing_in_data == ("UZB",)  # suspended since 2012
    assert set(check.missing_in_source) == {"ARM", "KAZ", "KGZ", "TJK"}
    assert "DISAGREES" in str(check)
    code = cli.main(["cross-check", "--data", str(second_article), "--format", "json"])
    assert code == 1


def test_a_claim_dated_to_a_month_must_hold_on_every_day_of_it(second_article: Path) -> None:
    moved = SECOND_SOURCE.replace("on: 2015-03", "on: 2012-12").replace("[RUS, BLR, UZB]", "[RUS, BLR]").replace(
        "published: 2015-03", "published: 2012-12")
    (second_article / "data" / "steppe.yaml").write_text(moved, encoding="utf-8")
    check = alliances.load(second_article).cross_check("steppe-herald-2015")[0]
    assert "UZB" in check.missing_in_source  # a member until 19 December 2012, within the month


# -- the command line ---------------------------------------------------------------------


def test_the_command_line_answers_the_new_questions(capsys) -> None:
    assert cli.main(["office-holders", "CSTO", "Secretary_General", "--on", "2026-03-01", "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert [r["holder"] for r in answer["results"]] == ["masadykov"] and answer["citations"]
    assert cli.main(["passages", "CSTO", "Afghanistan", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("source,start,end,text,mentions")
    assert cli.main(["connections", "Türkiye", "Kazakhstan"]) == 0
    assert "co-membership" in capsys.readouterr().out
    assert cli.main(["members", "CSTO", "--region", "Central Asia", "--on", "2026-03-01"]) == 0
    assert "Kazakhstan" in capsys.readouterr().out
    assert cli.main(["cross-check"]) == 0
    assert cli.main(["relations", "CSTO", "--kind", "nonsense"]) == 2


def test_today_is_a_query_date(ds: alliances.Dataset) -> None:
    assert ds.members("CSTO", on="today").on == dt.date.today()


def test_a_handover_dated_only_to_the_year_is_not_an_overlap(ds: alliances.Dataset) -> None:
    akinci, hasanov = [t for t in ds.office_holders("OTS", "secretary-general")][:2]
    assert str(akinci.end.date) == str(hasanov.start.date) == "2014"
    both = ds.office_holders("OTS", "secretary-general", on="2014-06-01")
    assert {t.holder.id for t in both} == {"akinci", "hasanov"}  # the widest reading: either may hold it
    assert {t.holder.id for t in both.imprecise} == {"akinci", "hasanov"}
    assert all(row["imprecise"] for row in both.to_records())
    assert not ds.office_holders("OTS", "secretary-general", on="2016-06-01").imprecise
    assert [t.holder.id for t in ds.office_holders("OTS", "secretary-general", on="2015-06-01")] == ["hasanov"]


def test_terms_that_truly_overlap_inside_an_imprecise_year_are_refused(with_file) -> None:
    root = with_file("zz_terms.yaml", """offices:
  - organization: ECO
    post: chair
    holder: TUR
    start: {date: 2020, citations: [{source: turkicstates-about, locator: "x"}]}
    end: {date: 2021-06, citations: [{source: turkicstates-about, locator: "x"}]}
  - organization: ECO
    post: chair
    holder: KAZ
    start: {date: 2021, citations: [{source: turkicstates-about, locator: "x"}]}
""")
    with pytest.raises(alliances.DataError) as caught:
        alliances.load(root)
    assert caught.value.first.rule == "overlapping-terms"
