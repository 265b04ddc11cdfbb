"""Known facts, each checked against the bundled data with its date and its evidence."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

import alliances
from alliances.loader import bundled_root


def test_csto_and_ots_overlap_today_is_kazakhstan_and_kyrgyzstan_with_evidence() -> None:
    both = alliances.overlap("CSTO", "OTS")
    assert both.ids == {"KAZ", "KGZ"}
    assert all(s.since == dt.date(2009, 10, 3) for s in map(both.standing, both))
    quoted = [c for c in both.citations if c.quote]
    assert any("Kazakhstan, Kyrgyzstan" in c.quote for c in quoted)
    assert "yenisafak-lavrov-csto-2026" in both.explain()


@pytest.mark.parametrize(
    ("organization", "day", "expected"),
    [
        ("CSTO", "1992-05-15", {"ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),
        ("CSTO", "1992-05-14", set()),
        ("CSTO", "1994-01-01", {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),
        ("CSTO", "1999-04-19", {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),
        ("CSTO", "1999-04-20", {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),  # the term's last day
        ("CSTO", "1999-04-21", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}),
        ("CSTO", "2010-06-01", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),
        ("CSTO", "2012-12-19", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}),
        ("CSTO", "2026-02-02", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}),
        ("OTS", "2009-10-03", {"AZE", "KAZ", "KGZ", "TUR"}),
        ("OTS", "2019-09-13", {"AZE", "KAZ", "KGZ", "TUR"}),
        ("OTS", "2019-09-14", {"AZE", "KAZ", "KGZ", "TUR", "UZB"}),
    ],
)
def test_members_on_a_date(organization: str, day: str, expected: set[str]) -> None:
    assert alliances.members(organization, on=day).ids == expected


def test_uzbekistan_is_a_csto_member_in_2010_by_its_2006_return(ds) -> None:
    standing = ds.members("CSTO", on="2010-06-01").standing("Uzbekistan")
    assert [s.start.how.value for s in standing.spells] == ["return"]
    assert standing.since == dt.date(2006, 8, 16)


def test_turkey_resolves_to_turkiye_and_finds_the_ots() -> None:
    spells = alliances.memberships("Turkey")
    assert ("OTS", "member") in {(s.organization.id, s.role.value) for s in spells}
    assert "CSTO" not in {s.organization.id for s in spells}
    assert alliances.resolve("Turkey") is alliances.resolve("Türkiye") is alliances.resolve("TUR")


def test_armenia_is_frozen_but_still_a_member() -> None:
    today = alliances.members("CSTO")
    assert "Armenia" in today and today.standing("ARM").frozen
    assert not alliances.members("CSTO", on="2024-02-21").standing("ARM").frozen


@pytest.mark.parametrize(
    ("observer", "since"),
    [("HUN", "2018-09-03"), ("TKM", "2021-11-12"), ("TRNC", "2022-11-11"), ("ECO", "2023-11-03")],
)
def test_ots_observers(observer: str, since: str) -> None:
    observers = alliances.members("OTS", role="observer")
    assert observers.standing(observer).since.isoformat() == since
    assert observer not in alliances.members("OTS")


def test_an_organization_can_be_an_observer(ds) -> None:
    eco = ds.resolve("Economic Cooperation Organization")
    assert isinstance(eco, alliances.Organization)
    assert "ECO" in ds.members("OTS", role="observer")
    assert [s.organization.id for s in ds.memberships("CSTO", role="observer")] == ["UN"]


def test_the_ots_former_names_resolve_to_it(ds) -> None:
    ots = ds.resolve("OTS")
    assert ds.resolve("Turkic Council") is ots
    assert ds.resolve("Cooperation Council of Turkic Speaking States") is ots
    assert ds.resolve("Collective Security Treaty") is ds.resolve("CSTO")


def test_every_spell_and_every_date_has_a_citation(ds) -> None:
    uncited = [s.label for s in ds.spells if not s.start.citations or (s.end and not s.end.citations)]
    assert uncited == []
    assert all(s.citations for s in ds.spells)


def test_every_quote_slices_its_article_exactly(ds) -> None:
    wrong = [
        (c.source.id, c.quote)
        for s in ds.spells for c in s.citations
        if c.quote is not None and ds.text(c.source)[c.start:c.end] != c.quote
    ]
    assert wrong == []


def test_the_article_is_the_seed_byte_for_byte(ds) -> None:
    from tests.conftest import PROJECT

    source = ds.source("yenisafak-lavrov-csto-2026")
    assert (PROJECT / "seeds" / source.file).read_text(encoding="utf-8") == ds.text(source)
    assert source.publisher.startswith("Yeni Şafak") and source.url.startswith("https://en.yenisafak.com/")


def test_disagreements_are_recorded_beside_the_date_followed(ds) -> None:
    georgia = next(s for s in ds.memberships("GEO") if s.organization.id == "CSTO")
    assert str(georgia.start.date) == "1993-12-09"
    assert [str(o.date) for o in georgia.start.other_dates if o.meaning.value == "reported"] == ["1993-09-09"]


def test_iso_codes_agree_with_pycountry(ds) -> None:
    pycountry = pytest.importorskip("pycountry")
    historical = yaml.safe_load((bundled_root() / "data/states/historical.yaml").read_text(encoding="utf-8"))
    former = {record["id"] for record in historical["states"]}
    wrong = []
    for state in ds.states:
        if state.iso3 is None:
            continue
        if state.id in former:  # a withdrawn code: ISO 3166-3 knows it (its other codes may live on elsewhere)
            if pycountry.historic_countries.get(alpha_3=state.iso3) is None:
                wrong.append(state.id)
            continue
        record = pycountry.countries.get(alpha_3=state.iso3)
        if record is None or (record.alpha_2, record.numeric) != (state.iso2, state.iso_numeric):
            wrong.append(state.id)
    assert wrong == []
    assert sorted(s.id for s in ds.states if s.iso3 is None and s.id not in former) == ["KOS", "TRNC"]


def test_the_dataset_has_a_version_and_an_as_of_date(ds) -> None:
    assert ds.version.startswith("20")
    assert dt.date.fromisoformat(ds.as_of) <= dt.date.today()
