"""The public surface: names, types, printing, immutability, and lazy loading."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import alliances


def test_the_public_names_are_pinned() -> None:
    assert sorted(alliances.__all__) == sorted([
        "AlliancesError", "Articles", "Checks", "Citation", "Claim", "ClaimCheck", "CoverageReport", "Crosswalk", "DataError", "Dataset",
        "End", "Entity", "Entry", "Event", "Link", "Links", "Members", "Milestone", "NotCoveredError", "Organization",
        "OrganizationCoverage", "Panel",
        "PartialDate", "Passage", "Passages", "Period", "Periods", "Person", "Post", "Problem", "Qualifier",
        "QueryError", "Region", "RegionStates", "Relation", "RelationKind", "Role", "SharedPeriod", "Source",
        "Spell", "Spells", "Standing", "Start", "State", "Term", "Terms", "Timeline", "UnknownNameError",
        "__version__", "articles", "clear_cache", "codes", "connections", "coverage", "cross_check", "history", "in_region", "load",
        "members", "memberships", "office_holders", "offices", "overlap", "overlap_periods", "panel", "passages",
        "plot", "relations", "resolve", "table"])
    assert all(hasattr(alliances, name) for name in alliances.__all__)


def test_importing_reads_no_data() -> None:
    code = "import alliances.api as a, sys; import alliances; sys.exit(a._bundled is not None)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_unknown_names_raise_a_lookup_error_with_suggestions() -> None:
    with pytest.raises(LookupError) as caught:
        alliances.resolve("Kazakstn")
    assert caught.value.key == "Kazakstn"
    assert "Kazakhstan" in caught.value.suggestions


def test_entities_carry_id_name_and_iso3(ds) -> None:
    trnc = ds.resolve("Northern Cyprus")
    assert (trnc.id, trnc.iso3, trnc.limited_recognition) == ("TRNC", None, True)
    assert ds.resolve("KGZ").iso3 == "KGZ"


def test_results_iterate_in_a_stable_order_and_support_set_operations() -> None:
    csto, ots = alliances.members("CSTO", on="2020-01-01"), alliances.members("OTS", on="2020-01-01")
    assert list(csto) == sorted(csto, key=lambda e: e.name)
    assert (csto & ots).ids == {"KAZ", "KGZ"}
    assert (ots - csto).ids == {"AZE", "TUR", "UZB"}
    assert (csto | ots).ids == csto.ids | ots.ids
    assert "Kyrgyz Republic" in csto and ots.standing("TUR") in [ots.standing("Turkey")]


def test_results_print_in_a_terminal_and_a_notebook() -> None:
    both = alliances.overlap("CSTO", "OTS", on="2020-01-01")
    assert "Kazakhstan" in repr(both) and "2009-10-03" in repr(both)
    html = both._repr_html_()
    assert html.startswith("<table") and ">Kyrgyzstan</td>" in html


def test_imprecise_dates_are_flagged(ds) -> None:
    during = ds.members("ECO", on="2014-10-15", role="observer")
    after = ds.members("ECO", on="2014-11-01", role="observer")
    assert during.imprecise == (ds.resolve("OTS"),)
    assert after.imprecise == ()


def test_the_dataset_cannot_be_changed(ds) -> None:
    spell = ds.spells[0]
    with pytest.raises(AttributeError, match="read-only"):
        spell.role = alliances.Role.OBSERVER  # type: ignore[misc]
    with pytest.raises(TypeError):
        ds.index.spells_of_organization["CSTO"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError, match="read-only"):
        ds.spells = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        ds.anything_new = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="read-only"):
        del ds.states
    assert isinstance(ds.spells, tuple) and isinstance(spell.citations, tuple) and ds.spells


def test_the_bundled_dataset_is_loaded_once_across_threads() -> None:
    alliances.clear_cache()
    seen: list[alliances.Dataset] = []
    threads = [threading.Thread(target=lambda: seen.append(alliances.load())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(d) for d in seen}) == 1


def test_a_dump_of_a_spell_round_trips(ds) -> None:
    from alliances import codec
    from alliances.cited import resolving
    from alliances.loader import gate
    from alliances.spells import Spell

    spell = ds.memberships("UZB")[1]
    with resolving(_Resolver(ds)):
        again = gate(Spell).validate_python(codec.write(spell, derived=False))
    assert again == spell


class _Resolver:
    def __init__(self, ds: alliances.Dataset):
        self.ds = ds

    def source(self, key: str) -> alliances.Source:
        return self.ds.source(key)

    def text(self, source: alliances.Source) -> str:
        return self.ds.text(source)

    def entity(self, key: str) -> alliances.Entity:
        return self.ds.resolve(key)


def test_a_repeated_question_is_answered_from_memory_and_a_new_one_is_not(ds) -> None:
    first = ds.members("CSTO", on="2010-06-01")
    assert ds.members("CSTO", on="2010-06-01") is first
    assert ds.members("CSTO", on="2013-06-01") is not first
    assert "UZB" in first.ids and "UZB" not in ds.members("CSTO", on="2013-06-01").ids
    by_object = ds.members(ds.organization("CSTO"), on="2010-06-01")  # the entity itself: the same question
    assert by_object is first  # one memo rule: an entity and its name are the same question


def test_answers_are_read_only_since_they_are_shared(ds) -> None:
    answer = ds.members("CSTO", on="2010-06-01")
    with pytest.raises(AttributeError, match="read-only"):
        answer.title = "something else"
    with pytest.raises(AttributeError, match="read-only"):
        del answer.on
    assert ds.members("CSTO", on="2010-06-01").title == "members of CSTO on 2010-06-01"


def test_a_question_is_remembered_by_what_it_means_not_how_it_is_written(ds) -> None:
    import datetime as dt

    first = ds.members("CSTO", on="2010-06-01")
    assert ds.members("csto", on=dt.date(2010, 6, 1)) is first
    assert ds.members("Collective Security Treaty Organization", on="2010-06-01", role="member") is first
    assert ds.memberships("Kyrgyz Republic") is ds.memberships("KGZ")
    assert ds.members("CSTO", "2010-06-01", alliances.Role.MEMBER) is first  # by position, the role as a member
    assert ds.overlap("CSTO", "OTS", on="2015-06-02") is ds.overlap("csto", "Organization of Turkic States",
                                                                     on=dt.date(2015, 6, 2), role="Member")


def test_a_question_asked_with_arguments_it_does_not_take_is_refused_even_once_answered(ds) -> None:
    ds.members("CSTO", on="2010-06-01")
    with pytest.raises(TypeError):
        ds.members("CSTO", on="2010-06-01", rol="observer")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ds.members("CSTO", "2010-06-01", on="2010-06-01")  # type: ignore[misc]
    with pytest.raises(TypeError):
        ds.members("CSTO", "2010-06-01", "member", None, None, "extra")  # type: ignore[call-arg]


def test_a_question_about_a_name_nobody_has_is_refused_even_when_it_reads_like_a_known_id(ds) -> None:
    ds.members("CSTO", on="2010-06-01")
    with pytest.raises(alliances.UnknownNameError):
        ds.members("C.S.T.O.-X", on="2010-06-01")
    with pytest.raises(alliances.QueryError):
        ds.members("CSTO", on="2010-06")  # a month: the day it is not


def test_in_means_the_same_in_every_answer(ds) -> None:
    central_asia = ds.in_region("Central Asia")
    assert "kazakhstan" in central_asia and "KAZ" in central_asia and ds.resolve("KAZ") in central_asia
    assert "kazakhstan" in ds.members("CSTO", on="2015-06-02")
    assert "OTS" in ds.memberships("Turkey") and "Organization of Turkic States" in ds.memberships("TUR")
    assert "Kazakhstan" not in ds.memberships("TUR")
    assert "Masadykov" in ds.office_holders("CSTO", "secretary-general")


def test_records_and_answers_are_read_only_all_the_way_down(ds) -> None:
    import datetime as dt

    spell = next(s for s in ds.spells if s.member.id == "KAZ" and s.organization.id == "CSTO")
    with pytest.raises(AttributeError, match="read-only"):
        spell.period = alliances.Period(dt.date(2000, 1, 1), dt.date(2000, 1, 2))  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        spell.anything = 1  # type: ignore[attr-defined]
    answer = ds.members("CSTO", on="2015-06-02")
    with pytest.raises(AttributeError, match="read-only"):
        answer.to_records = lambda: []  # type: ignore[method-assign]
    with pytest.raises(AttributeError, match="read-only"):
        answer.anything = 1  # type: ignore[attr-defined]
    with pytest.raises((TypeError, AttributeError)):
        answer._standing.pop("KAZ")  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        answer._standing["KAZ"] = None  # type: ignore[index]
    again = ds.members("CSTO", on="2015-06-02")
    assert again is answer and "KAZ" in again and again.to_records()


def test_an_answer_to_a_question_that_is_not_remembered_is_read_only_too(ds) -> None:
    import datetime as dt

    answer = ds.members("CSTO", on=dt.datetime(2010, 6, 1, 12, 0))  # a datetime: not a plain value
    assert answer == ds.members("CSTO", on="2010-06-01") and answer.question["on"] == "2010-06-01 12:00:00"
    with pytest.raises(AttributeError, match="read-only"):
        answer.anything = 1  # type: ignore[attr-defined]
