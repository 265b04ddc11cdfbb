"""What every answer shares, and the one rule by which questions remember their answers.

Every answer is a read-only sequence with ``to_records()`` (rows for JSON, CSV or a DataFrame),
``citations`` (every citation behind it, each once), ``explain()`` (each line with its quotes and
references) and one meaning of ``in``: an item of the answer, or an entity it lists, given as the
entity, its id or any of its names, aliases or codes. It prints as a table in a terminal and in a
notebook.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

from . import memo
from .cited import Citation
from .dates import PartialDate
from .entities import Entity
from .index import Index
from .names import normalize

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


def distinct(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Each citation once (same source, quote and locator), in first-seen order."""
    seen: dict[tuple[Any, ...], Citation] = {}
    for citation in citations:
        seen.setdefault((citation.source.id, citation.quote, citation.locator), citation)
    return tuple(seen.values())


def describe_citation(citation: Citation) -> str:
    source = citation.source
    dated = f", {source.published}" if source.published else ""
    head = f"[{source.id}] {source.title} ({source.publisher}{dated})"
    if citation.quote is not None:
        return f'"{citation.quote}" — {head}, characters {citation.start}-{citation.end}'
    where = f", {citation.locator}" if citation.locator else ""
    return f"{head}{where} {source.url or ''}".rstrip()


def source_ids(citations: Iterable[Citation]) -> list[str]:
    return sorted({c.source.id for c in citations})


def date_fields(name: str, value: PartialDate | None) -> dict[str, str | None]:
    """A partial date as two columns: its ISO text, and its precision (day, month or year) beside it."""
    return {name: str(value) if value else None, f"{name}_precision": value.precision if value else None}


def names_entity(entity: Entity, key: object) -> bool:
    """Whether ``key`` (an entity, an id, or any name, alias or code) stands for ``entity``."""
    if isinstance(key, Entity):
        return key.id == entity.id
    if not isinstance(key, str):
        return False
    wanted = normalize(key)
    return key == entity.id or any(normalize(name) == wanted for name in entity.names)


class _Title:
    """An answer's title: set while the answer is built, or else worked out by its ``_make_title``
    when first read, since most answers (about a new day, say) are never shown."""

    def __get__(self, answer: Result[Any] | None, owner: type | None = None) -> str:
        if answer is None:
            return ""
        found: str | None = answer.__dict__.get("title")
        if found is None:
            found = answer.__dict__["title"] = answer._make_title()
        return found

    def __set__(self, answer: Result[Any], title: str) -> None:
        answer.__dict__["title"] = title


class Result(Sequence[T]):
    """The shared behaviour of every answer: a read-only sequence that renders itself."""

    _items: tuple[T, ...]
    title = _Title()
    columns: tuple[str, ...] = ()  # the columns of to_records(), so that an empty answer has them too
    notes: tuple[str, ...] = ()  # what a reader must know to read the answer right (shown with it)
    beyond_as_of: bool = False  # asked about a day after the data's as-of date

    def __setattr__(self, name: str, value: Any) -> None:
        # Answers are shared (a question asked again gets the same answer), so they are read-only:
        # each attribute is set once while the answer is built, none that the class defines (a
        # method such as to_records), and none at all once the answer is handed out.
        if name in self.__dict__ or "_asked" in self.__dict__ or _defined_by_class(type(self), name):
            raise AttributeError(f"{type(self).__name__} answers are read-only")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} answers are read-only")

    def _retitle(self, title: str) -> None:
        object.__setattr__(self, "title", title)

    def _make_title(self) -> str:
        """The title of an answer whose title was not set while it was built."""
        return ""

    def _fill(self, **fields: Any) -> None:
        """Set the fields of an answer being built all at once: the checks of ``__setattr__`` guard
        what is done to an answer later, and an answer about a new day is made in microseconds."""
        self.__dict__.update(fields)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    @property
    def question(self) -> Mapping[str, Any]:
        """The question asked, as fields: the function and each argument (for machine-readable answers)."""
        asked = self.__dict__.get("_asked")
        return memo.question_fields(*asked) if asked else MappingProxyType({})

    @property
    def entities(self) -> tuple[Entity, ...]:
        """The entities this answer lists (its members, holders, organizations ...)."""
        return ()

    @property
    def ids(self) -> frozenset[str]:
        found: frozenset[str] | None = self.__dict__.get("_ids")
        if found is None:
            found = frozenset(e.id for e in self.entities)
            object.__setattr__(self, "_ids", found)  # worked out once: answers never change
        return found

    def __contains__(self, key: object) -> bool:
        """An item of the answer, or one of its entities by the entity, its id or any name or code."""
        if isinstance(key, Entity):
            return key.id in self.ids or key in self._items
        if isinstance(key, str):
            return key in self.ids or any(names_entity(entity, key) for entity in self.entities)
        return key in self._items

    @property
    def restriction(self) -> str:
        """How a members answer narrowed to this one's entities is titled."""
        return f"among the {self.title}"

    def to_records(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def row_citations(self) -> list[tuple[Citation, ...]]:
        """The citations behind each row of :meth:`to_records`, row by row."""
        return [tuple(getattr(item, "citations", ())) for item in self._items]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame with typed columns (needs ``pip install 'alliances[pandas]'``)."""
        from . import present

        return present.dataframe(self.to_records(), self.columns)

    def evidence(self) -> Iterator[tuple[str, tuple[Citation, ...]]]:
        """Each line of the answer as explained, with the citations behind it."""
        for item in self._items:
            yield str(item), tuple(getattr(item, "citations", ()))

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation behind this answer, each once."""
        return distinct(c for _, cited in self.evidence() for c in cited)

    def explain(self) -> Explanation:
        """The answer with the evidence for each line: its quotes and references. It prints as text,
        and in a notebook shows each article's quote highlighted in its sentence."""
        lines = [self.title] if self.title else []
        evidence = list(self.evidence())
        for line, cited in evidence:
            lines.append(f"- {line}")
            lines += [f"    {describe_citation(c)}" for c in cited]
        lines += [f"note: {n}" for n in self.notes]
        return Explanation("\n".join(lines), self.title, evidence, self.notes, self.__dict__.get("_texts", {}))

    def as_text(self, limit: int | None = None) -> str:
        """The answer as a terminal table, every row (or the first ``limit``), with its notes."""
        from . import present  # rendering loads when an answer is first shown

        return "\n".join([present.text_table(self.to_records(), self.title, limit), *(f"note: {n}" for n in self.notes)])

    def __repr__(self) -> str:
        from . import present

        return self.as_text(present.SHOWN)

    def _repr_html_(self) -> str:
        from . import present

        return present.html_table(self.to_records(), self.title, self.row_citations(), self.notes)


def _defined_by_class(cls: type, name: str) -> bool:
    """A method or property of the answer's class; plain data defaults (``title``, ``notes``) are
    the instance's to set while it is built."""
    return name in _behaviour(cls)


@functools.cache
def _behaviour(cls: type) -> frozenset[str]:
    """The names of a class's methods and properties, worked out once per class."""
    return frozenset(name for name in dir(cls) if callable(getattr(cls, name, None)) or isinstance(getattr(cls, name, None), property))


class Explanation(str):
    """An answer's evidence: a string of text that a notebook shows as HTML."""

    def __new__(cls, text: str, title: str = "", lines: Sequence[tuple[str, Sequence[Citation]]] = (),
                notes: Sequence[str] = (), texts: Mapping[str, str] | None = None) -> Explanation:
        made = super().__new__(cls, text)
        made._parts = (title, tuple(lines), tuple(notes), texts or {})
        return made

    _parts: tuple[str, tuple[tuple[str, Sequence[Citation]], ...], tuple[str, ...], Mapping[str, str]]

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        from . import present
        from .seeds import sentence_around

        title, lines, notes, texts = self._parts
        return present.html_explanation(title, lines, notes, texts, sentence_around)


# -- remembering answers ------------------------------------------------------------------------

_REMEMBERED = 4096  # answers kept; forgotten all at once when full


class Topic:
    """The base of each topic's questions: they read the dataset's index, and nothing else."""

    index: Index


Q = TypeVar("Q", bound=Topic)


def remembered(question: Callable[Concatenate[Q, P], R]) -> Callable[Concatenate[Q, P], R]:
    """Answer a question asked again from memory: the data never changes, nor do answers.

    The memo key is the question with its arguments in canonical form (a name, alias or code
    stands for its entity's id; ``"2010-06-01"`` for ``date(2010, 6, 1)``), and today's date, so
    that an answer about "today" never outlives its day. An id and a date, the common arguments,
    are their own canonical form, so most keys are made without a lookup. Arguments that are not
    plain values are not remembered.
    """
    name = question.__name__
    shape = memo.shape_of(question)
    layout = memo.layout_of(name, shape)

    @functools.wraps(question)
    def ask(self: Q, *args: P.args, **kwargs: P.kwargs) -> R:
        index = self.index
        answers = index.answers
        # The question as written, when its arguments are plain values: a question asked again is
        # most often asked the same way, and this key needs no canonical form (a third of the cost).
        day = memo.today()
        asked = memo.as_written(name, day, args, kwargs)
        if asked is not None:
            known = answers.get(asked)
            if known is not None:
                return known  # type: ignore[return-value]
        key = memo.key_of(index, layout, day, args, kwargs)
        if key is not None:
            known = answers.get(key)
            if known is not None:  # asked before, written another way
                if asked is not None:
                    answers[asked] = known
                return known  # type: ignore[return-value]
        answer = question(self, *args, **kwargs)
        if key is not None:  # the arguments fit the question: remembered both ways
            if len(answers) >= _REMEMBERED:
                answers.clear()
            answers[key] = answer
            if asked is not None:
                answers[asked] = answer
        if Result in type(answer).__mro__:  # isinstance() on an ABC is slow
            fields = answer.__dict__
            if "_asked" not in fields:  # sealed: the question is made into fields when read, and the
                fields["_texts"] = index.records.texts  # texts show each quote in its sentence
                fields["_asked"] = (name, shape, args, kwargs)
        return answer

    return ask  # type: ignore[return-value]  # functools.wraps keeps the signature, which mypy cannot see
