"""A question about a day not asked before is answered from the index by date: the members of each
stretch of days between two changes are worked out once and shared. These tests hold those answers
to what a scan of every spell gives, on every day membership or coverage changes and the days
around it, and to the answers of a dataset that has worked out nothing yet."""

from __future__ import annotations

import datetime as dt
import functools
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances
from alliances import Role, Standing
from alliances.covered import notes_on, require
from alliances.entities import Organization
from alliances.errors import NotCoveredError
from alliances.spells import Spell

DS = alliances.load()
ORGANIZATIONS = sorted(DS.organizations, key=lambda o: o.id)
RECORDED = [(o, role) for o in ORGANIZATIONS for role in Role if any(role in e.roles for e in o.coverage)]
ONE_DAY = dt.timedelta(days=1)


def _name(value: object) -> str:
    return value.id if isinstance(value, Organization) else str(getattr(value, "value", value))


@functools.cache
def spells_of(org: str, role: Role) -> list[Spell]:
    """Every spell of ``role`` in ``org``, in name order, found by testing every spell of the data."""
    found = [s for s in DS.spells if s.organization.id == org and s.role is role]
    return sorted(found, key=lambda s: (s.member.name, s.member.id))


def running(org: Organization, role: Role, day: dt.date) -> list[Spell]:
    """The spells of ``role`` in ``org`` running on ``day``, each tested against the day."""
    return [s for s in spells_of(org.id, role) if day in s.period]


def around(days: set[dt.date]) -> list[dt.date]:
    """Each day with the one before and the one after."""
    near = {d + step for d in days for step in (-ONE_DAY, dt.timedelta(0), ONE_DAY)
            if dt.date.min + ONE_DAY <= d <= dt.date.max - ONE_DAY}
    return sorted(near)


def changes(org: Organization, role: Role | None = None) -> set[dt.date]:
    """Every day on which who held ``role`` (any role) in ``org``, or what its data records, can change."""
    days = {org.period.start, *([org.period.end] if org.period.end else [])}
    for s in DS.spells:
        if s.organization.id == org.id and role in (None, s.role):
            days |= {s.period.start, *([s.period.end] if s.period.end else [])}
    for entry in org.coverage:
        days |= {entry.start.earliest()} if entry.start else set()
        days |= {entry.end.latest() + ONE_DAY} if entry.end else set()
    return days


def answer(ask, *args, **kwargs):  # type: ignore[no-untyped-def]
    """The answer, or None where the data does not record what is asked."""
    try:
        return ask(*args, **kwargs)
    except NotCoveredError:
        return None


@pytest.mark.parametrize(("org", "role"), RECORDED, ids=_name)
def test_members_on_every_day_of_change_are_those_a_scan_of_every_spell_finds(org: Organization, role: Role) -> None:
    for day in around(changes(org, role)):
        got = answer(DS.members, org, on=day, role=role)
        if got is None:
            continue
        expected = running(org, role, day)
        assert [e.id for e in got] == [s.member.id for s in expected], day
        assert got.ids == {s.member.id for s in expected}, day
        assert got.spells == tuple(expected), day
        assert [got.standing(s.member.id) for s in expected] == [Standing(s.member, (s,), day) for s in expected], day


PAIRS = [(a, b) for a, b in combinations([o for o, role in RECORDED if role is Role.MEMBER], 2)
         if a.period.overlaps(b.period)]


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=_name)
def test_overlap_on_every_day_of_change_is_what_a_scan_of_both_finds(a: Organization, b: Organization) -> None:
    for day in around(changes(a, Role.MEMBER) | changes(b, Role.MEMBER)):
        got = answer(DS.overlap, a, b, on=day)
        if got is None:
            continue
        of_b = {s.member.id: s for s in running(b, Role.MEMBER, day)}
        expected = [(s, of_b[s.member.id]) for s in running(a, Role.MEMBER, day) if s.member.id in of_b]
        assert [e.id for e in got] == [s.member.id for s, _ in expected], day
        assert [got.standing(s.member) for s, _ in expected] == [Standing(pair[0].member, pair, day) for pair in expected], day
        assert got.spells == tuple(spell for pair in expected for spell in pair), day


@pytest.mark.parametrize("org", ORGANIZATIONS, ids=_name)
@pytest.mark.parametrize("role", list(Role), ids=_name)
def test_the_table_of_coverage_verdicts_says_what_the_rule_says_on_every_day(org: Organization, role: Role) -> None:
    def verdict(ask, *args):  # type: ignore[no-untyped-def]
        try:
            return ("answered", ask(*args))
        except NotCoveredError as refused:
            return ("refused", str(refused))

    for day in [dt.date.min, *around(changes(org)), dt.date.max]:
        assert verdict(notes_on, DS.index, org, role, day) == verdict(require, org, role, day), day


def _days_to_ask() -> st.SearchStrategy[dt.date]:
    known = sorted({d for o, _ in RECORDED for d in around(changes(o))})
    return st.one_of(st.sampled_from(known), st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2030, 12, 31)))


def _same(shared: alliances.Members | None, fresh: alliances.Members | None) -> None:
    assert (shared is None) == (fresh is None)
    if shared is None or fresh is None:
        return
    assert list(shared) == list(fresh) and shared.spells == fresh.spells
    assert shared.to_records() == fresh.to_records()
    assert (shared.title, shared.notes, shared.beyond_as_of) == (fresh.title, fresh.notes, fresh.beyond_as_of)
    assert shared.imprecise == fresh.imprecise and shared.citations == fresh.citations
    assert str(shared.explain()) == str(fresh.explain())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RECORDED), st.sampled_from(ORGANIZATIONS), _days_to_ask(), _days_to_ask())
def test_an_answer_from_a_stretch_worked_out_before_is_the_one_a_fresh_dataset_gives(
        asked: tuple[Organization, Role], other: Organization, before: dt.date, day: dt.date) -> None:
    org, role = asked
    answer(DS.members, org, on=before, role=role)  # works out the stretch of ``before`` in the shared dataset
    answer(DS.overlap, org, other, on=before, role=role)
    fresh = alliances.Dataset.of(DS)  # the same records, with an index that has worked out nothing
    _same(answer(DS.members, org, on=day, role=role), answer(fresh.members, org, on=day, role=role))
    _same(answer(DS.overlap, org, other, on=day, role=role), answer(fresh.overlap, org, other, on=day, role=role))


def test_answers_about_two_days_of_one_stretch_share_its_members_but_not_their_day() -> None:
    first, second = dt.date(2015, 6, 2), dt.date(2015, 6, 3)
    assert running(DS.organization("CSTO"), Role.MEMBER, first) == running(DS.organization("CSTO"), Role.MEMBER, second)
    one, two = DS.members("CSTO", on=first), DS.members("CSTO", on=second)
    assert one is not two and one == two
    assert (one.on, two.on) == (first, second) and one.title != two.title
    assert one.standing("KAZ").on == first and two.standing("KAZ").on == second
