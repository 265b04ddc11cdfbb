"""Property tests of the algebra: partial dates, periods, and the queries' agreement."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances
from alliances.dates import PartialDate, Period, to_date, uncertain_on, widest_period

DAYS = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2030, 12, 31))
ORGS = sorted(o.id for o in alliances.load().organizations if o.coverage)  # every body whose members are recorded
ROLES = [role.value for role in alliances.Role]


def covered(org: str, role: str, day: dt.date) -> bool:
    """Whether the data answers this question; a question it cannot answer must be refused."""
    organization = alliances.load().organization(org)
    if organization.covers(alliances.Role(role), day) and any(alliances.Role(role) in e.roles for e in organization.coverage):
        return True
    with pytest.raises(alliances.NotCoveredError):
        alliances.members(org, on=day, role=role)
    return False


@st.composite
def partial_dates(draw) -> PartialDate:
    day = draw(DAYS)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@st.composite
def periods(draw) -> Period:
    start = draw(DAYS)
    length = draw(st.one_of(st.none(), st.integers(1, 5000)))
    return Period(start, None if length is None else start + dt.timedelta(days=length))


@given(partial_dates())
def test_a_partial_date_round_trips_through_its_text(date: PartialDate) -> None:
    assert PartialDate.parse(str(date)) == date
    assert date.earliest() <= date.latest()


@given(periods(), periods(), DAYS)
def test_intersection_holds_exactly_the_days_in_both(a: Period, b: Period, day: dt.date) -> None:
    meet = a.intersect(b)
    assert (meet is not None and day in meet) == (day in a and day in b)
    assert a.intersect(b) == b.intersect(a)


@given(partial_dates(), DAYS)
def test_open_spells_are_certain_once_the_start_has_surely_passed(start: PartialDate, day: dt.date) -> None:
    period = widest_period(start, None)
    if day >= start.latest():
        assert day in period and not uncertain_on(start, None, day)
    if day < start.earliest():
        assert day not in period


@settings(deadline=None)
@given(DAYS, st.sampled_from(ORGS), st.sampled_from(ORGS))
def test_overlap_is_symmetric_and_inside_each_side(day: dt.date, a: str, b: str) -> None:
    if not (covered(a, "member", day) and covered(b, "member", day)):
        return
    ab, ba = alliances.overlap(a, b, on=day), alliances.overlap(b, a, on=day)
    assert ab.ids == ba.ids
    assert ab.ids <= alliances.members(a, on=day).ids and ab.ids <= alliances.members(b, on=day).ids
    assert ab.ids == (alliances.members(a, on=day) & alliances.members(b, on=day)).ids


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from(ROLES))
def test_members_and_memberships_agree_on_every_date(day: dt.date, role: str) -> None:
    ds = alliances.load()
    belongs = {entity.id: {s.organization.id for s in ds.memberships(entity, on=day, role=role)} for entity in ds.entities}
    for org in ds.organizations:
        if not covered(org.id, role, day):
            continue
        members = ds.members(org, on=day, role=role)
        for entity in ds.entities:
            assert (entity in members) == (org.id in belongs[entity.id]), (entity.id, org.id, day)


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_overlap_periods_agree_with_overlap_on_every_date(day: dt.date) -> None:
    for a, b in combinations(ORGS, 2):
        if not (covered(a, "member", day) and covered(b, "member", day)):
            continue
        periods = alliances.overlap_periods(a, b)
        from_periods = {p.member.id for p in periods if day in p.period}
        assert from_periods == alliances.overlap(a, b, on=day).ids, (a, b, day)


@given(DAYS)
def test_query_dates_accept_dates_and_iso_strings_alike(day: dt.date) -> None:
    assert to_date(day.isoformat()) == to_date(day) == day
    assert alliances.members("CSTO", on=day).ids == alliances.members("CSTO", on=day.isoformat()).ids


@given(st.sampled_from(["Türkiye", "turkiye", "TURKEY", "Turkey", "tur", "TR", "Republic of Türkiye"]))
def test_resolve_ignores_case_and_accents(name: str) -> None:
    assert alliances.resolve(name).id == "TUR"
