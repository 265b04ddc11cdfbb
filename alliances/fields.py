"""What every record shares: the frozen base model and the field types of ids and text."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
QID = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self).model_fields:
            super().__setattr__(name, value)  # pydantic refuses it: the model is frozen
        # Not a field (a worked-out value such as a spell's period, or a new name): refused too, so
        # that nothing a question reads can be changed from outside.
        raise AttributeError(f"{type(self).__name__} records are read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} records are read-only")


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
