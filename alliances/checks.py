"""Integrity rules across records, run after every record has validated on its own.

Each rule yields ``(record, rule, message, field)``; the loader turns that into a positioned
problem. Rules never stop at the first offender: one run lists them all.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar, get_args, get_type_hints

from .cited import Milestone, Source
from .dates import PartialDate
from .entities import Entity, Organization
from .facts import Event, Relation, Term
from .fields import Record
from .names import NameIndex
from .records import DatasetInfo
from .spells import Spell

T = TypeVar("T")
Finding = tuple[object, str, str, tuple[str | int, ...]]


def every_rule(info: DatasetInfo | None, valid: dict[str, list[Any]], entities: list[Entity],
               sources: list[Source]) -> list[Finding]:
    """What every integrity rule finds in a load's validated records (``valid``, by section key),
    its entities and its sources."""
    found = list(spell_rules(list(valid["spells"]), info))
    found += organization_rules([e for e in entities if isinstance(e, Organization)], info)
    found += name_rules(entities)
    found += fact_rules([*valid["offices"], *valid["relations"], *valid["events"]], info)
    found += term_rules(list(valid["offices"]))
    everything = [*([info] if info else []), *sources, *(record for section in valid.values() for record in section)]
    found += future_dates(everything, info)
    found += dataset_rules(info)
    return found


def _ends_before_start(start: PartialDate, end: PartialDate) -> bool:
    return end.earliest() < start.earliest() or end.latest() <= start.earliest()


def spell_rules(spells: list[Spell], info: DatasetInfo | None) -> Iterator[Finding]:
    for spell in spells:
        yield from _order(spell)
        yield from _within_organization(spell)
        yield from _member_existed(spell, spell.member, spell.start, "the spell")
    yield from _overlaps(spells)


def _order(spell: Spell) -> Iterator[Finding]:
    if spell.end and _ends_before_start(spell.start.date, spell.end.date):
        yield spell, "start-after-end", f"the spell ends ({spell.end.date}) before it starts ({spell.start.date})", ("end", "date")
    for i, qualifier in enumerate(spell.qualifiers):
        where = ("qualifiers", i, "start", "date")
        if qualifier.end and _ends_before_start(qualifier.start.date, qualifier.end.date):
            yield spell, "start-after-end", f"the {qualifier.kind} qualifier ends before it starts", where
        outside = qualifier.start.date.earliest() < spell.start.date.earliest() or (
            spell.end is not None and qualifier.start.date.earliest() >= spell.end.date.latest()
        )
        if outside:
            yield spell, "qualifier-outside-spell", f"the {qualifier.kind} qualifier starts outside its spell", where


def _within_organization(spell: Spell) -> Iterator[Finding]:
    for organization, field, whose in ((spell.organization, "organization", "its organization"),
                                       (spell.member, "member", "the member")):
        if not isinstance(organization, Organization):
            continue
        founded = organization.founded.date
        if spell.start.date.earliest() < founded.earliest():
            yield (spell, "before-organization",
                   f"the spell starts ({spell.start.date}) before {whose} {organization.id} existed ({founded})",
                   ("start", "date"))
        if organization.dissolved and (spell.end is None or spell.end.date.earliest() > organization.dissolved.date.latest()):
            yield (spell, "after-organization",
                   f"the spell outlives {whose} {organization.id} (dissolved {organization.dissolved.date})", (field,))


def _member_existed(record: object, member: Entity, start: Milestone, what: str) -> Iterator[Finding]:
    """A state cannot join before it exists (its ``established`` date, when the data has one)."""
    established = getattr(member, "established", None)
    if established is not None and start.date.earliest() < established.date.earliest():
        yield (record, "before-member-existed",
               f"{what} starts ({start.date}) before {member.id} existed as a state ({established.date})",
               ("start", "date"))


def _overlapping(records: Iterable[T], key: Callable[[T], Hashable]) -> Iterator[tuple[T, T]]:
    """Pairs (earlier, later) of records with the same key whose periods overlap.

    One ending on the very date the next starts is a handover, not an overlap, even when that
    date is known only to the month or year ("2014"): the sources say no more than that.
    """
    groups: dict[Hashable, list[T]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    for group in groups.values():
        if len(group) < 2:  # most pairs have one spell: nothing to sort or compare
            continue
        group.sort(key=lambda r: r.start.date.earliest())  # type: ignore[attr-defined]
        for earlier, later in zip(group, group[1:]):
            handover = earlier.end is not None and earlier.end.date == later.start.date  # type: ignore[attr-defined]
            if not handover and earlier.period.overlaps(later.period):  # type: ignore[attr-defined]
                yield earlier, later


def _overlaps(spells: Iterable[Spell]) -> Iterator[Finding]:
    for earlier, later in _overlapping(spells, lambda s: (s.member.id, s.organization.id, s.role.value)):
        yield (later, "overlapping-spells",
               f"overlaps the spell from {earlier.start.date} of the same member, organization and role",
               ("start", "date"))


def organization_rules(organizations: list[Organization], info: DatasetInfo | None) -> Iterator[Finding]:
    for organization in organizations:
        for i, former in enumerate(organization.former_names):
            if former.end and _ends_before_start(former.start, former.end):
                yield organization, "start-after-end", f"the name {former.name!r} ends before it starts", ("former_names", i, "end")
            if former.start.earliest() < organization.founded.date.earliest():
                yield organization, "before-organization", f"the name {former.name!r} starts before the founding", ("former_names", i, "start")
        dissolved = organization.dissolved
        if dissolved and _ends_before_start(organization.founded.date, dissolved.date):
            yield (organization, "start-after-end",
                   f"dissolved ({dissolved.date}) before it was founded ({organization.founded.date})", ("dissolved", "date"))


def name_rules(entities: list[Entity]) -> Iterator[Finding]:
    _, clashes = NameIndex.build((entity, entity.names) for entity in entities)
    for name, first, second in clashes:
        yield second, "name-collision", f"the name {name!r} also belongs to {first.id}", ("aliases",)
    for entity in entities:
        for name in entity.names:
            scripts = _scripts(name)
            if len(scripts) > 1:
                yield entity, "mixed-script", f"the name {name!r} mixes scripts ({', '.join(sorted(scripts))}): a confusable letter?", ("name",)
            elif unicodedata.normalize("NFC", name) != name:
                yield entity, "unnormalized-name", f"the name {name!r} is not in Unicode NFC form", ("name",)


def _scripts(name: str) -> set[str]:
    """The scripts of a name's letters, by the first word of each letter's Unicode name."""
    return {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in name if ch.isalpha()}


def fact_rules(facts: list[Term | Relation | Event], info: DatasetInfo | None) -> Iterator[Finding]:
    """Dates in order, inside the organization's life, and not after the as-of date."""
    for fact in facts:
        if isinstance(fact, Event):
            continue
        if fact.end and _ends_before_start(fact.start.date, fact.end.date):
            yield fact, "start-after-end", f"it ends ({fact.end.date}) before it starts ({fact.start.date})", ("end", "date")
        if isinstance(fact, Term):
            yield from _member_existed(fact, fact.holder, fact.start, "the term")
            if fact.start.date.earliest() < fact.organization.founded.date.earliest():
                yield (fact, "before-organization",
                       f"the term starts ({fact.start.date}) before {fact.organization.id} existed "
                       f"({fact.organization.founded.date})", ("start", "date"))


def term_rules(terms: list[Term]) -> Iterator[Finding]:
    """One holder at a time in each post."""
    for earlier, later in _overlapping(terms, lambda t: (t.organization.id, t.post.value, t.body)):
        yield (later, "overlapping-terms",
               f"overlaps the term of {earlier.holder.id} from {earlier.start.date} in the same post",
               ("start", "date"))


# -- every date of every record -------------------------------------------------------------------

Where = tuple[str | int, ...]


def future_dates(records: Iterable[Record], info: DatasetInfo | None) -> Iterator[Finding]:
    """Every date of every record after the dataset's as-of date, wherever it stands: a spell's,
    an other date, a source's ``published`` and ``accessed``, a state's ``established``, a
    coverage's. References resolved to other records (a spell's member, a citation's source) are
    not entered: each record is checked where it is written. (Text is checked as it is read.)"""
    if info is None:
        return
    last = info.as_of.latest()
    for record in records:
        if _any_after(record, last):  # rare: only then are the paths of its dates worked out
            yield from _after(record, last, info)


def _any_after(value: Record, last: dt.date) -> bool:
    """Whether any date held by ``value`` (as :func:`future_dates` walks it) starts after ``last``:
    a walk without a path or a stack entry per value, as every record of a load takes it."""
    for name in _dated_fields(type(value)):
        held = getattr(value, name)
        if type(held) is PartialDate:  # the common case, without a call
            if held.earliest() > last:
                return True
        elif held is not None and _held_after(held, last):
            return True
    return False


def _held_after(held: object, last: dt.date) -> bool:
    if isinstance(held, PartialDate):
        return type(held) is PartialDate and held.earliest() > last
    if type(held) is tuple:
        return any(_held_after(item, last) for item in held)
    return isinstance(held, Record) and _entered(type(held)) and _any_after(held, last)


def _entered(kind: type) -> bool:
    """Whether a value of this type inside a record is walked for dates: a record of its own,
    but not one it refers to (an entity, a source), which is checked where it is written."""
    found = _ENTERED.get(kind)
    if found is None:
        found = _ENTERED[kind] = issubclass(kind, Record) and not issubclass(kind, (Entity, Source))
    return found


_ENTERED: dict[type, bool] = {}


def _after(record: Record, last: dt.date, info: DatasetInfo) -> Iterator[Finding]:
    """Each date of ``record`` after ``last``, with its path in the record."""
    stack: list[tuple[object, Where]] = [(record, ())]
    while stack:
        value, path = stack.pop()
        if type(value) is PartialDate:
            if value.earliest() > last:
                yield record, "future-date", f"{value} is after the dataset's as-of date {info.as_of}", path
        elif type(value) is tuple:  # pushed last first, so that problems come in the order written
            items: tuple[object, ...] = value
            stack.extend((items[i], (*path, i)) for i in range(len(items) - 1, -1, -1))
        elif isinstance(value, Record) and (value is record or not isinstance(value, (Entity, Source))):
            stack.extend((held, (*path, name)) for name in reversed(_dated_fields(type(value)))
                         if (held := getattr(value, name)) is not None)


_DATED: dict[type, tuple[str, ...]] = {}


def _dated_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a record that may hold a date, directly or inside a record of their own."""
    found = _DATED.get(model)
    if found is None:
        found = _DATED[model] = tuple(name for name, hint in _annotations(model).items() if _may_hold_date(hint))
    return found


def _may_hold_date(annotation: object) -> bool:
    if annotation is PartialDate:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return not issubclass(annotation, (Entity, Source)) and any(map(_may_hold_date, _annotations(annotation).values()))
    return any(_may_hold_date(arg) for arg in get_args(annotation))


def _annotations(model: type[Record]) -> dict[str, object]:
    """The type of each field a record is made with (not those it works out, such as a period)."""
    hints = get_type_hints(model)
    return {name: hints[name] for name in model.fields}


def dataset_rules(info: DatasetInfo | None, today: dt.date | None = None) -> Iterator[Finding]:
    """An as-of date after today (a day of grace for time zones): facts not yet checked."""
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    if info is not None and info.as_of.earliest() > latest:
        yield info, "as-of-future", f"the as-of date {info.as_of} is after today ({latest - dt.timedelta(days=1)})", ("as_of",)
