"""What every record shares: the frozen, slotted base, the field types of ids and text, and the
marker of a rule a field keeps.

Records are plain slotted classes, so that reading the compiled form and answering questions never
imports pydantic. pydantic is the gate where YAML is read: it validates these same classes through
the schema :func:`record_schema` gives it, with each field's constraints carried by the markers
here (:class:`Rule`), read only when a schema is built.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

if TYPE_CHECKING:  # what tells a type checker that @record makes an __init__ of keyword fields
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Any:
        return lambda decorated: decorated

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"


class Rule:
    """Constraints of a field (``pattern``, ``min_length``, ``max_length``, ``ge``, ``le``), in
    the words of pydantic's core schema, which checks them when a data file is validated."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any):
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        schema = handler(source)
        schema.update(self.constraints)
        return schema

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{k}={v!r}' for k, v in self.constraints.items())})"


Id = Annotated[str, Rule(pattern=ID_PATTERN)]
Text = Annotated[str, Rule(min_length=1, max_length=2000)]
QID = Annotated[str, Rule(pattern=r"^Q[1-9][0-9]*$")]


class ReadOnlyError(AttributeError):
    """A record's attributes cannot be set, deleted or added."""


WORKED_OUT: Any = object()


def worked_out(*, init: Literal[False] = False) -> Any:
    """The "default" of a field a record works out for itself in ``__post_init__`` (a spell's
    period): a slot, never an argument."""
    return WORKED_OUT


class Record:
    """The base of every record: immutable, with slots and without a ``__dict__``, compared and
    hashed by its fields, made with keyword arguments only (see :func:`record`).

    Unknown fields are refused when a data file is validated (``extra: forbid``).
    """

    __slots__ = ()
    __pydantic_config__ = {"extra": "forbid"}  # read by pydantic; a plain dict, so pydantic is not imported
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

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return record_schema(cls, handler)


def _remake(cls: type[Record], values: tuple[Any, ...]) -> Record:
    return cls(**dict(zip(cls.fields, values)))


R = TypeVar("R", bound=type)
RECORDS: dict[str, type[Record]] = {}
"""Every record class by name: what the compiled form's shapes name (see alliances.codec)."""


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(worked_out,))
def record(cls: R) -> R:
    """Make ``cls`` (a subclass of :class:`Record`) a record: one slot per annotated field (a
    ``ClassVar`` is not one), an ``__init__`` taking each field by keyword, with the defaults the
    class body gives, then calling ``__post_init__`` if there is one.

    Like a frozen, slotted, keyword-only dataclass, but made without the ``dataclasses`` machinery,
    whose code generation would be most of the start-up.
    """
    body = dict(vars(cls))
    own = [name for name, hint in body.get("__annotations__", {}).items() if not str(hint).startswith("ClassVar")]
    defaults = {name: body.pop(name) for name in own if name in body}
    inherited: tuple[str, ...] = getattr(cls, "fields", ())
    body["__slots__"] = tuple(own)
    body["fields"] = inherited + tuple(name for name in own if defaults.get(name) is not WORKED_OUT)
    body["defaults"] = {**getattr(cls, "defaults", {}), **{k: v for k, v in defaults.items() if v is not WORKED_OUT}}
    for name in ("__dict__", "__weakref__"):
        body.pop(name, None)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__init__ = _init(made)  # type: ignore[misc]
    RECORDS[made.__name__] = made
    return made


def _init(cls: type[Record]) -> Any:
    """An ``__init__`` for ``cls``, written out so that making a record costs one call."""
    names = cls.fields
    params = ", ".join(f"{n}=_defaults[{n!r}]" if n in cls.defaults else n for n in names)
    lines = [f"    _set(self, {n!r}, {n})" for n in names]
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    source = f"def __init__(self, *, {params}):\n" + ("\n".join(lines) or "    pass") + "\n"
    scope: dict[str, Any] = {"_set": object.__setattr__, "_defaults": cls.defaults}
    exec(source, scope)  # the same technique as dataclasses, for a body of one line per field
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def record_schema(cls: type[Record], handler: Any) -> Any:
    """pydantic's core schema of a record: every field by keyword, its rules, its default, no
    unknown field; the record made as its constructor makes it. Only where data files are read."""
    import typing

    from pydantic_core import core_schema

    hints = typing.get_type_hints(cls, include_extras=True)
    fields = []
    for name in cls.fields:
        schema = handler.generate_schema(hints[name])
        if name in cls.defaults:
            schema = core_schema.with_default_schema(schema, default=cls.defaults[name])
        fields.append(core_schema.dataclass_field(name, schema, kw_only=True))
    arguments = core_schema.dataclass_args_schema(cls.__name__, fields, extra_behavior="forbid")
    return core_schema.dataclass_schema(cls, arguments, list(cls.fields), slots=True, frozen=True,
                                        post_init=hasattr(cls, "__post_init__"),
                                        ref=f"{cls.__module__}.{cls.__qualname__}:{id(cls)}")


def text_problem(text: str) -> tuple[str, str] | None:
    """The rule a text breaks, and how, or None: blank or padded, a control or format character
    (a line break inside a text is allowed, and spaces of every width), not in Unicode NFC."""
    if not text or text.isspace():
        return "padded-text", "the text is blank"
    if text[0].isspace() or text[-1].isspace():
        return "padded-text", "the text starts or ends with white space"
    if not text.isprintable():
        for char in text:
            if not char.isprintable() and char != "\n" and unicodedata.category(char) != "Zs":
                name = unicodedata.name(char, "a control or format character")
                return "control-character", f"the text holds U+{ord(char):04X} ({name})"
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        return "unnormalized-text", "the text is not in Unicode NFC form"
    return None
