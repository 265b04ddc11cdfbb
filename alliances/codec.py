"""Records to and from plain JSON values (mappings, lists, strings, numbers), by their field types.

The compiled form stores what the loader validated this way and reads it back with the standard
library alone; the writer turns records back into YAML the same way. A reference to another
record (a citation's source, a spell's member) is stored as that record's id and resolved through
:class:`Tables`; a field at its default is left out.

Writing works each field's *shape* out of the annotations (``typing.get_type_hints``, which
evaluates them: slow, and only where records are written). The compiled form stores the shapes
beside the records, so reading needs no annotation at all; the key of the compiled form covers
the code, so the shapes stored are always those of the classes reading them.

Reading trusts its input: it is for the compiled form, written by :func:`write` from validated
records and checked by its key and checksum. A value of the wrong shape raises ``KeyError``,
``TypeError`` or ``ValueError``, never a wrong record.
"""

from __future__ import annotations

import enum
import json
import operator
import threading
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from . import vocabulary
from .cited import Derived, Ref
from .dates import PartialDate
from .fields import RECORDS, Record

Shape = Any
"""How a field's JSON value is read: None (as it is), ``"date"``, ``["ref", "source" | "entity"]``,
``["record", class name]``, ``["enum", class name]``, ``["tuple", shape or None]``, ``["optional", shape]``."""


# -- shapes, from the annotations -----------------------------------------------------------------


class _Field(NamedTuple):
    name: str
    default: Any  # _NONE when the field has none
    shape: Shape
    derived: bool  # worked out while validating: never written to a data file


_NONE: Any = object()  # the default of a field without one: equal to no value


def _fields(cls: type[Record]) -> tuple[_Field, ...]:
    """Each field a record is made with (not those it works out, such as a spell's period)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _fields_of(cls)
    return found


_FIELDS: dict[type[Record], tuple[_Field, ...]] = {}


def _fields_of(cls: type[Record]) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(_Field(name, cls.defaults.get(name, _NONE), _shape(hints[name]),
                        any(isinstance(m, Derived) for m in getattr(hints[name], "__metadata__", ())))
                 for name in cls.fields)


def shapes() -> dict[str, dict[str, Shape]]:
    """The shape of every field of every record class that needs one, by class name."""
    return {name: {f.name: f.shape for f in _fields(cls) if f.shape is not None} for name, cls in RECORDS.items()}


def _shape(hint: Any) -> Shape:
    reference = next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Ref)), None)
    if reference is not None:
        return ["ref", reference.lookup]
    if typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return ["tuple", _shape(args[0])]  # a tuple even of plain values: JSON gives a list
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        inner = _shape(present[0]) if len(present) == 1 else None
        return None if inner is None else ["optional", inner]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return ["enum", hint.__name__]
    if hint is PartialDate:
        return "date"
    if isinstance(hint, type) and issubclass(hint, Record):
        return ["record", hint.__name__]
    return None  # str, int, bool, a Literal, a mapping of strings


# -- writing --------------------------------------------------------------------------------------


def write(record: Any, *, derived: bool = True, defaults: bool = False) -> dict[str, Any]:
    """``record`` as a JSON mapping, references as ids: its fields that are not at their default
    (every field, with ``defaults``), without the fields worked out while validating unless ``derived``."""
    out: dict[str, Any] = _writer(type(record), derived, defaults)(record)
    return out


Write = Callable[[Any], Any]


def _writer(cls: type[Record], derived: bool, defaults: bool) -> Write:
    """The writer of one record class, made once from its fields' shapes: writing the compiled
    form of a large load calls it for every record, so no shape is looked at again per value."""
    found = _WRITERS.get((cls, derived, defaults))
    if found is None:
        found = _WRITERS[(cls, derived, defaults)] = _make_writer(cls, derived, defaults)
    return found


_WRITERS: dict[tuple[type[Record], bool, bool], Write] = {}


def _make_writer(cls: type[Record], derived: bool, defaults: bool) -> Write:
    fields = [f for f in _fields(cls) if derived or not f.derived]
    # (name, the default to leave out or _NONE, how a value other than None is written or None)
    specs = [(f.name, _NONE if defaults else f.default, _to_json(f.shape, derived)) for f in fields]
    values: Callable[[Any], tuple[Any, ...]] = (
        operator.attrgetter(*(f.name for f in fields)) if len(fields) > 1 else lambda record: (getattr(record, fields[0].name),)
    ) if fields else lambda record: ()

    def written(record: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (name, default, convert), value in zip(specs, values(record)):
            if value is None:
                if defaults:
                    out[name] = None
            elif default is _NONE or not value == default:  # records compare slowly: only against a default
                out[name] = convert(value) if convert is not None else list(value) if isinstance(value, tuple) else value
        return out

    return written


def _to_json(shape: Shape, derived: bool) -> Write | None:
    """How a value (never None) of this shape is written; None: as it is."""
    if shape is None:
        return None
    if shape == "date":
        return str
    kind, inner = shape
    if kind == "ref":
        return operator.attrgetter("id")
    if kind == "record":
        return lambda value: _writer(type(value), derived, False)(value)  # made when first asked for
    if kind == "enum":
        return operator.attrgetter("value")
    if kind == "tuple" and inner is None:
        return list
    item = _to_json(inner, derived)
    assert item is not None  # a shape with an inner shape converts
    if kind == "tuple":
        return lambda value: [None if v is None else item(v) for v in value]
    return item  # optional: None is handled before


# -- reading --------------------------------------------------------------------------------------


class Tables(NamedTuple):
    """What references resolve to while reading: sources and entities by id."""

    sources: Mapping[str, Any]
    entities: Mapping[str, Any]


Convert = Callable[[Any, Tables], Any]


class Reader:
    """Records read from their JSON values by the shapes written beside them."""

    def __init__(self, shapes: Mapping[str, Mapping[str, Shape]]):
        self._shapes = shapes
        self._readers: dict[str, Convert] = {}

    def read(self, cls: type[Record], value: Mapping[str, Any], tables: Tables) -> Any:
        """The record of class ``cls`` that :func:`write` gave as ``value``."""
        return self._record(cls.__name__)(value, tables)

    def _record(self, name: str) -> Convert:
        found = self._readers.get(name)
        if found is None:
            found = self._readers[name] = self._make(RECORDS[name], self._shapes.get(name, {}))
        return found

    def _make(self, cls: type[Record], shapes: Mapping[str, Shape]) -> Convert:
        converts = [(field, self._convert(shape)) for field, shape in shapes.items()]

        def read(value: Mapping[str, Any], tables: Tables) -> Any:
            arguments = dict(value)
            for field, convert in converts:  # only the fields that are not read as they are
                if field in arguments:
                    arguments[field] = convert(arguments[field], tables)
            return cls(**arguments)

        return read

    def _convert(self, shape: Shape) -> Convert:
        if shape == "date":
            return lambda value, tables: PartialDate.parse(value)
        kind, inner = shape
        if kind == "ref":
            if inner == "source":
                return lambda value, tables: tables.sources[value]
            return lambda value, tables: tables.entities[value]
        if kind == "record":
            return lambda value, tables: self._record(inner)(value, tables)
        if kind == "enum":
            members = getattr(vocabulary, inner)._value2member_map_
            return lambda value, tables: members[value]
        if kind == "tuple" and inner is None:
            return lambda value, tables: tuple(value)
        item = self._convert(inner)
        if kind == "tuple":
            return lambda value, tables: tuple([item(v, tables) for v in value])
        return lambda value, tables: None if value is None else item(value, tables)  # optional


class Table(Mapping[str, Any]):
    """Records by id, each read from its JSON value when first asked for, then kept: a dataset's
    first question reads the few records it touches, not every source."""

    def __init__(self, reader: Reader, lock: threading.RLock):
        self._reader = reader
        self._written: dict[str, tuple[type[Record], bytes]] = {}
        self._read: dict[str, Any] = {}
        self._lock = lock  # one for all the tables of a dataset: reading a record reads those it refers to
        self.tables = Tables({}, {})

    def add(self, cls: type[Record], ids: Iterable[str], lines: Iterable[bytes]) -> None:
        """File records of ``cls`` under their ids, each a line of JSON as :func:`write` gave it."""
        self._written.update((key, (cls, line)) for key, line in zip(ids, lines, strict=True))

    def __getitem__(self, key: str) -> Any:
        found = self._read.get(key)
        if found is None:
            with self._lock:  # read once, so every reference to it is the same object
                found = self._read.get(key)
                if found is None:
                    cls, line = self._written[key]
                    found = self._read[key] = self._reader.read(cls, json.loads(line), self.tables)
        return found

    def get(self, key: str, default: Any = None) -> Any:  # one call, not Mapping.get's two: every question looks up
        found = self._read.get(key)
        if found is not None:
            return found
        return self[key] if key in self._written else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._written)

    def __len__(self) -> int:
        return len(self._written)

    def __contains__(self, key: object) -> bool:
        return key in self._written
