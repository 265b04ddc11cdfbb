"""The memo key of a question: its arguments in canonical form, so that a question asked again,
however it is written, is answered from memory (``alliances.answers.remembered``); and the
question as fields, for machine-readable answers.

A name, alias or code stands for its entity's id, ``"2010-06-01"`` for ``date(2010, 6, 1)``, a
vocabulary member for the text that names it, and a parameter left out for its default. An id and
a date, the common arguments, are their own canonical form: most keys are made without a lookup.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from types import MappingProxyType
from typing import Any, NamedTuple

from .dates import iso_day
from .entities import Entity
from .index import Index
from .names import normalize

_midnight = 0.0  # when the day of _day ends, in seconds since the epoch
_day = dt.date.min


def today() -> dt.date:
    """Today's date, worked out again only when a day has passed (a key is made for every call)."""
    global _midnight, _day
    if time.time() >= _midnight:
        _day = dt.date.today()
        _midnight = dt.datetime.combine(_day + dt.timedelta(days=1), dt.time()).timestamp()
    return _day


def question_fields(name: str, shape: Shape, args: Sequence[object], kwargs: dict[str, object]) -> Mapping[str, Any]:
    """The question as fields, for machine-readable answers: the function and each argument."""
    fields: dict[str, Any] = {"function": name}
    for (parameter, *_), value in zip(shape, bind(shape, args, kwargs)):
        fields[parameter] = _as_field(value)
    return MappingProxyType(fields)


def _as_field(value: object) -> Any:
    if isinstance(value, tuple):
        return [_as_field(v) for v in value]
    if isinstance(value, Entity):
        return value.id
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)  # a date, a period


Shape = list[tuple[str, bool, bool, object]]  # per parameter but self: name, *args, positional, default
NO_DEFAULT = object()


def shape_of(question: Callable[..., object]) -> Shape:
    """What :func:`bind` needs of each parameter but ``self``, in the order of the signature,
    read from the function's code as ``inspect.signature`` reads it (without importing inspect)."""
    code = question.__code__
    count, keywords = code.co_argcount, code.co_kwonlyargcount
    defaults, keyword_defaults = question.__defaults__ or (), question.__kwdefaults__ or {}
    first_default = count - len(defaults)
    shape: Shape = [(name, False, True, defaults[i - first_default] if i >= first_default else NO_DEFAULT)
                     for i, name in enumerate(code.co_varnames[:count]) if i > 0]
    if code.co_flags & _VARARGS:
        shape.append((code.co_varnames[count + keywords], True, False, None))
    shape += [(name, False, False, keyword_defaults.get(name, NO_DEFAULT))
              for name in code.co_varnames[count:count + keywords]]
    return shape


_VARARGS = 0x04  # CO_VARARGS: the function takes *args


def bind(shape: Shape, args: Sequence[object], kwargs: dict[str, object]) -> list[object]:
    """Every parameter's value in order, defaults filled in: ``role="member"`` given or left out
    asks the same question. A ``*args`` parameter takes the rest of the positional values."""
    values: list[object] = []
    for i, (name, rest, positional, default) in enumerate(shape):
        if rest:
            values.append(tuple(args[i:]))
        elif positional and i < len(args):
            values.append(args[i])
        else:
            values.append(kwargs.get(name, default))
    return values


class Layout(NamedTuple):
    """Where each argument of a question goes in its memo key, worked out once per question."""

    template: tuple[object, ...]  # the question's name, a place for today, each parameter's default
    slots: Mapping[str, int]  # each parameter that may be given by keyword -> its place
    positional: int  # how many parameters take positional values before any *args
    rest: int | None  # the place of the *args parameter, if any


def layout_of(name: str, shape: Shape) -> Layout:
    """A question's defaults in canonical form: plain values, the same for every dataset."""
    template: list[object] = [name, None]
    for parameter, rest, _, default in shape:
        if not (rest or default is NO_DEFAULT or type(default) in _AS_IS or isinstance(default, Enum)):
            raise TypeError(f"{name}: the default of {parameter} must be a plain value to be remembered")
        template.append(() if rest else _NOT_PLAIN if default is NO_DEFAULT else _canonical_plain(default))
    rest_at = next((2 + i for i, (_, rest, _, _) in enumerate(shape) if rest), None)
    slots = {parameter: 2 + i for i, (parameter, rest, _, _) in enumerate(shape) if not rest}
    positional = sum(1 for _, _, positional, _ in shape if positional)
    return Layout(tuple(template), MappingProxyType(slots), positional, rest_at)


def as_written(name: str, day: dt.date, args: tuple[object, ...], kwargs: dict[str, object]) -> tuple[object, ...] | None:
    """The memo key of a question as written (its arguments as given), or None unless every one is a
    plain value; ``day`` is today's. Stored only beside the canonical key of arguments that fit the question."""
    for value in args:
        if type(value) not in _WRITTEN and not isinstance(value, Enum):
            return None
    for value in kwargs.values():
        if type(value) not in _WRITTEN and not isinstance(value, Enum):
            return None
    return (_AS_WRITTEN, name, day, args, tuple(kwargs.items()) if kwargs else ())


_AS_WRITTEN = object()  # marks a key as written: never equal to a canonical key


def key_of(index: Index, layout: Layout, day: dt.date, args: tuple[object, ...],
         kwargs: dict[str, object]) -> tuple[object, ...] | None:
    """The memo key of a question: its name, today (``day``), and each parameter's value in canonical form,
    defaults filled in, so ``role="member"`` given or left out asks the same question; None if a
    value is not plain, or if the arguments do not fit the question (it says why when asked)."""
    key = list(layout.template)
    key[1] = day
    ids = index.entity_ids
    if len(args) > layout.positional:
        if layout.rest is None:
            return None
        rest = tuple([_canonical_arg(index, ids, value) for value in args[layout.positional:]])
        key[layout.rest] = _NOT_PLAIN if _NOT_PLAIN in rest else rest
        args = args[:layout.positional]
    given = 2 + len(args)
    for slot, value in enumerate(args, 2):
        key[slot] = _canonical_arg(index, ids, value)
    for parameter, value in kwargs.items():
        slot = layout.slots.get(parameter, 0)
        if slot < given:  # no such parameter, or given twice
            return None
        key[slot] = _canonical_arg(index, ids, value)
    return None if _NOT_PLAIN in key else tuple(key)


def _canonical_arg(index: Index, ids: frozenset[str], value: object) -> object:
    """An argument's canonical form: ids and dates, the common arguments, are as they are."""
    kind = type(value)
    if kind is str:
        return value if value in ids else _text_key(index, value)  # type: ignore[arg-type]
    return value if kind in _AS_IS else _canonical(index, value)


_AS_IS = frozenset({dt.date, int, bool, type(None)})  # exact types: a datetime is not a date here
_WRITTEN = _AS_IS | {str}
_NOT_PLAIN = object()


def _canonical(index: Index, value: object) -> object:
    """A value's canonical form in a memo key, or ``_NOT_PLAIN``."""
    kind = type(value)  # exact types first: isinstance() is slow
    if kind is str:
        return value if value in index.entity_ids else _text_key(index, value)  # type: ignore[arg-type]
    if kind is tuple:
        found = tuple([_canonical(index, v) for v in value])  # type: ignore[attr-defined]
        return _NOT_PLAIN if _NOT_PLAIN in found else found
    if isinstance(value, Entity):
        return value.id
    return _canonical_plain(value)


def _canonical_plain(value: object) -> object:
    """The canonical form of a value that needs no dataset to read: itself, or for a vocabulary
    member the text that names it (``Role.MEMBER`` is ``"member"``); ``_NOT_PLAIN`` for others."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Enum):
        return _text(value._value_)
    return _NOT_PLAIN


@functools.lru_cache(maxsize=1 << 12)
def _text(text: str) -> tuple[str, str]:
    """Text that names no entity, in canonical form: whatever its case, accents and punctuation."""
    return ("text", normalize(text))


def _text_key(index: Index, value: str) -> object:
    """A string that is not an id: a day (YYYY-MM-DD), an entity's name, alias or code (its id), or
    any other text, which stands for what it says whatever its case, accents and punctuation."""
    day = iso_day(value)
    if day is not None:
        return day
    entity = index.names.get(value)
    return entity.id if entity is not None else _text(value)
