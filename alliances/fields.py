"""What every record shares: the frozen, slotted base, the field types of ids and text, and the
marker of a rule a field keeps.

Records are frozen value classes (:mod:`alliances.frozen`), so that reading the compiled form and answering questions never
imports pydantic. pydantic is the gate where YAML is read: it validates these same classes through
the schema :func:`record_schema` gives it, with each field's constraints carried by the markers
here (:class:`Rule`), read only when a schema is built.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from .frozen import Frozen, dataclass_transform, frozen, worked_out

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


class Record(Frozen):
    """The base of every record: a frozen value made with keyword arguments only (see
    :func:`record`). Unknown fields are refused when a data file is validated (``extra: forbid``)."""

    __slots__ = ()
    __pydantic_config__ = {"extra": "forbid"}  # read by pydantic; a plain dict, so pydantic is not imported

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return record_schema(cls, handler)


R = TypeVar("R", bound=type)
RECORDS: dict[str, type[Record]] = {}
"""Every record class by name: what the compiled form's shapes name (see alliances.codec)."""


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(worked_out,))
def record(cls: R) -> R:
    """Make ``cls`` (a subclass of :class:`Record`) a record: a frozen value class
    (:func:`alliances.frozen.frozen`) made by keyword, and known to the compiled form by name."""
    made: R = frozen(kw_only=True)(cls)
    RECORDS[made.__name__] = made
    return made


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
