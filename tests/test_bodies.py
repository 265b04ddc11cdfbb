"""Known facts of each body, with their dates: founders, accessions, exits and changes of status.

Each case is a fact the cited sources state (docs/research/ has the pages); the day before and the
day of a change are both asked, so an off-by-one in the data or in the date rules fails here.
"""

from __future__ import annotations

import pytest

import alliances

# (organization, member, role, first day counted, first day no longer counted or None)
SPELLS = [
    ("SCO", "UZB", "member", "2001-06-15", None),
    ("SCO", "IND", "member", "2017-06-09", None),
    ("SCO", "IRN", "member", "2023-07-04", None),
    ("SCO", "BLR", "member", "2024-07-04", None),
    ("SCO", "BLR", "observer", "2015-07-10", "2024-07-04"),
    ("SCO", "MNG", "observer", "2004-06-17", "2025-09-01"),
    ("SCO", "TUR", "dialogue-partner", "2012-06-07", "2025-09-01"),
    ("SCO", "TUR", "partner", "2025-09-01", None),
    ("SHANGHAI5", "CHN", "member", "1996-04-26", "2001-06-15"),
    ("CIS", "GEO", "member", "1993-12-03", "2009-08-18"),
    ("CIS", "TKM", "member", "1991-12-21", "2005-08-26"),
    ("CIS", "TKM", "associate", "2005-08-26", None),
    ("CIS", "UKR", "participant", "1991-12-08", None),
    ("CIS", "AZE", "member", "1993-09-24", None),
    ("EAEU", "ARM", "member", "2015-01-02", None),
    ("EAEU", "KGZ", "member", "2015-08-12", None),
    ("EAEU", "UZB", "observer", "2020-12-11", None),
    ("EURASEC", "UZB", "member", "2006-01-25", "2008-10"),
    ("EURASEC", "KAZ", "member", "2000-10-10", "2015-01-01"),
    ("ECO", "KAZ", "member", "1992-11-28", None),
    ("GUAM", "UZB", "member", "1999-04-24", "2005-05-03"),
    ("CSTO-PA", "SRB", "observer", "2013-04", None),
    ("TURKPA", "HUN", "observer", "2014-06-13", None),
    ("UN", "KAZ", "member", "1992-03-02", None),
    ("UN", "DDR", "member", "1973-09-18", "1990-10-03"),
    ("UN", "BSSR", "member", "1945-10-24", "1991-08-25"),
    ("UN", "BLR", "member", "1991-08-25", None),
    ("UN", "CHE", "member", "2002-09-10", None),
    ("UN", "PSE", "observer", "2012-11-29", None),
    ("NATO", "TUR", "member", "1952-02-18", None),
    ("NATO", "DEU", "member", "1955-05-06", None),
    ("NATO", "FIN", "member", "2023-04-04", None),
    ("NATO", "SWE", "member", "2024-03-07", None),
    ("PFP", "KAZ", "partner", "1994-05-27", None),
    ("PFP", "POL", "partner", "1994-02-02", "1999-03-12"),
    ("EU", "GBR", "member", "1973-01-01", "2020-02-01"),
    ("EU", "HRV", "member", "2013-07-01", None),
    ("EU", "UKR", "candidate", "2022-06-23", None),
    ("EU", "GEO", "candidate", "2023-12-14", None),
    ("OSCE", "KAZ", "member", "1992-01-30", None),
    ("OSCE", "DDR", "member", "1975-08-01", "1990-10-03"),
    ("COE", "RUS", "member", "1996-02-28", "2022-03-16"),
    ("COE", "ARM", "member", "2001-01-25", None),
    ("COE", "GRC", "member", "1974-11-28", None),
]


def _day_before(text: str) -> str:
    import datetime as dt

    return (alliances.PartialDate.parse(text).earliest() - dt.timedelta(days=1)).isoformat()


def _first_day(text: str) -> str:
    return alliances.PartialDate.parse(text).earliest().isoformat()


def _last_day(text: str) -> str:
    return alliances.PartialDate.parse(text).latest().isoformat()


@pytest.mark.parametrize(("organization", "member", "role", "start", "end"), SPELLS,
                         ids=[f"{o}-{m}-{r}-{s}" for o, m, r, s, _ in SPELLS])
def test_a_known_spell_starts_and_ends_on_its_day(organization, member, role, start, end) -> None:
    assert member in alliances.members(organization, on=_last_day(start), role=role)
    founded = alliances.load().organization(organization).founded.date.earliest().isoformat()
    if alliances.PartialDate.parse(start).exact and _day_before(start) >= founded:
        assert member not in alliances.members(organization, on=_day_before(start), role=role)
    if end is not None:
        assert member in alliances.members(organization, on=_day_before(end), role=role) or not alliances.PartialDate.parse(end).exact
        assert member not in alliances.members(organization, on=_last_day(end), role=role)


def test_the_sco_had_its_founders_in_2016_and_its_observers_then() -> None:
    assert alliances.members("SCO", on="2016-01-01").ids == {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert alliances.members("SCO", role="observer", on="2016-01-01").ids == {"AFG", "BLR", "IND", "IRN", "MNG", "PAK"}


def test_the_un_had_its_members_of_1950() -> None:
    members = alliances.members("UN", on="1950-01-01")
    assert {"USA", "RUS", "CHN", "BSSR", "UKRSSR", "IND", "ISR"} <= members.ids and "DEU" not in members.ids
    assert len(members) == 59  # the 51 original members and the 8 admitted by 1949 (Israel, May 1949, the last)


def test_russia_left_the_council_of_europe_suspended_first() -> None:
    spell = next(s for s in alliances.memberships("RUS") if s.organization.id == "COE")
    assert (str(spell.end.date), spell.end.how.value) == ("2022-03-16", "expulsion")
    assert [q.kind.value for q in spell.qualifiers] == ["suspended"]


def test_france_stayed_in_nato_outside_its_integrated_command() -> None:
    spell = next(s for s in alliances.memberships("FRA") if s.organization.id == "NATO")
    assert spell.end is None and [q.kind.value for q in spell.qualifiers] == ["partial"]
    assert "FRA" in alliances.members("NATO", on="1980-01-01")


def test_the_csto_parliamentary_assembly_observers_are_not_the_csto_s() -> None:
    assert "SRB" in alliances.members("CSTO-PA", role="observer", on="2020-01-01")
    assert alliances.load().organization("CSTO-PA").organ_of == "CSTO"
    with pytest.raises(alliances.NotCoveredError):
        alliances.members("CSTO", role="observer", on="2020-01-01")


def test_every_state_has_a_date_it_came_to_exist() -> None:
    assert [s.id for s in alliances.load().states if s.established is None] == []


def test_the_cross_check_still_agrees() -> None:
    assert alliances.cross_check().agree
