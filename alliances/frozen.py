"""Frozen value classes, made without the ``dataclasses`` machinery.

A class made with :func:`frozen` holds one slot per annotated field (a ``ClassVar`` is not one),
is made by an ``__init__`` of those fields with the defaults its body gives (then its
``__post_init__``, if any), is compared, hashed and shown by its fields, and can be neither
changed nor given new attributes. It is what a frozen, slotted dataclass is; it is made here
because generating the half-dozen methods of each dataclass, and importing ``dataclasses`` (with
``inspect``), would be most of the library's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, overload

if TYPE_CHECKING:  # what tells a type checker that @frozen (and alliances.fields.record) make an __init__
    from typing_extensions import dataclass_transform as dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Any:
        return lambda decorated: decorated


class ReadOnlyError(AttributeError):
    """A frozen value's attributes cannot be set, deleted or added."""


WORKED_OUT: Any = object()


def worked_out(*, init: Literal[False] = False) -> Any:
    """The "default" of a field a value works out for itself in ``__post_init__`` (a spell's
    period, a date's first day): a slot, never an argument."""
    return WORKED_OUT


class _Signature:
    """What :func:`inspect.signature` (``help``, editors) reads of a frozen class: the arguments of
    its real ``__init__``, written out first if it is not yet."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is not None:
            raise AttributeError("__signature__")
        import inspect

        found = inspect.signature(_written(next(c for c in owner.__mro__ if "__init__" in c.__dict__)))
        return found.replace(parameters=list(found.parameters.values())[1:])


class Frozen:
    """The base of every frozen value (see :func:`frozen`)."""

    __slots__ = ()
    __signature__ = _Signature()
    fields: ClassVar[tuple[str, ...]] = ()  # the arguments it is made with, in order
    defaults: ClassVar[dict[str, Any]] = {}  # the arguments that have one

    def __setattr__(self, name: str, value: Any) -> None:
        raise ReadOnlyError(f"{type(self).__name__} records are read-only")

    def __delattr__(self, name: str) -> None:
        raise ReadOnlyError(f"{type(self).__name__} records are read-only")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.fields)

    def __hash__(self) -> int:
        return hash((self.__class__, *(getattr(self, name) for name in self.fields)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle make it through its constructor
        return _remake, (type(self), tuple(getattr(self, name) for name in self.fields))


def _remake(cls: type[Frozen], values: tuple[Any, ...]) -> Frozen:
    return cls(**dict(zip(cls.fields, values)))


C = TypeVar("C", bound=type)


@overload
def frozen(cls: C, /) -> C: ...
@overload
def frozen(*, kw_only: bool = False, slots: bool = True, eq: bool = True) -> Any: ...
@dataclass_transform(frozen_default=True, field_specifiers=(worked_out,))
def frozen(cls: Any = None, /, *, kw_only: bool = False, slots: bool = True, eq: bool = True) -> Any:
    """Make ``cls`` (a subclass of :class:`Frozen`) a frozen value class: arguments by position or
    keyword (by keyword only with ``kw_only``); without ``slots`` it keeps a ``__dict__`` (for a
    ``cached_property``); without ``eq`` it is compared and hashed by identity."""
    if cls is None:
        return lambda given: _make(given, kw_only, slots, eq)
    return _make(cls, kw_only, slots, eq)


def _make(cls: C, kw_only: bool, slots: bool, eq: bool) -> C:
    body = dict(vars(cls))
    own = [name for name, hint in body.get("__annotations__", {}).items() if not str(hint).startswith("ClassVar")]
    defaults = {name: body.pop(name) for name in own if name in body}
    body.pop("__dict__", None)  # the descriptors of the class being replaced
    body.pop("__weakref__", None)
    if slots:  # else each field is an entry of the instance's __dict__
        body["__slots__"] = tuple(own)
    body["fields"] = getattr(cls, "fields", ()) + tuple(n for n in own if defaults.get(n) is not WORKED_OUT)
    body["defaults"] = {**getattr(cls, "defaults", {}), **{k: v for k, v in defaults.items() if v is not WORKED_OUT}}
    if not eq:
        body["__eq__"], body["__hash__"] = object.__eq__, object.__hash__
    made: C = type(cls)(cls.__name__, cls.__bases__, body)
    made.__init__ = _first_init(made, kw_only)  # type: ignore[misc]
    return made


def _first_init(cls: Any, kw_only: bool) -> Any:
    """The ``__init__`` of ``cls`` until it is first called: it then writes out the real one
    (:func:`_init`) and puts it in its place. Compiling an ``__init__`` costs more than making its
    class, and most classes are never made at all by a first answer."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        _written(cls)(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.kw_only = kw_only  # type: ignore[attr-defined]
    return __init__


def _written(cls: Any) -> Any:
    """The real ``__init__`` of ``cls``, written out the first time it is needed (by a first value,
    or by :func:`inspect.signature`). Two threads may both write it: either one is the same."""
    init = cls.__dict__["__init__"]
    if hasattr(init, "kw_only"):
        init = _init(cls, init.kw_only)
        type.__setattr__(cls, "__init__", init)
    return init


def _init(cls: Any, kw_only: bool) -> Any:
    """An ``__init__`` for ``cls``, written out so that making a value costs one call."""
    names = cls.fields  # by position, a field without a default cannot follow one with a default
    params = ", ".join(f"{n}=_defaults[{n!r}]" if n in cls.defaults else n for n in names)
    lines = [f"    _set(self, {n!r}, {n})" for n in names]
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    star = "*, " if kw_only and params else ""
    source = f"def __init__(self, {star}{params}):\n" + ("\n".join(lines) or "    pass") + "\n"
    scope: dict[str, Any] = {"_set": object.__setattr__, "_defaults": cls.defaults}
    exec(source, scope)  # the same technique as dataclasses, for a body of one line per field
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
