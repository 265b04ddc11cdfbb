"""Read a data directory, validate every record, check the integrity rules, build its Records.

A dataset root holds ``data/`` (YAML files, read recursively in name order) and ``seeds/`` (the
articles). Each YAML file is a mapping whose keys are sections: ``dataset`` (one mapping, in one
file), and the lists of records named in :data:`SECTIONS`. Records are validated in dependency
order (sources, then entities, then the facts about them) with a resolver that turns ids into
objects; every problem found is collected with its file, line and column, and if there is
any, :class:`~alliances.errors.DataError` is raised with all of them and nothing is returned.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from . import cache, checks, compiled, content
from .cited import Source, resolving
from .collector import paused_collection, settle
from .entities import Entity
from .errors import AlliancesError, DataError, Problem, RuleError, shorten
from .fields import Record
from .raw import RawRecord, placed
from .records import SECTION_KEYS, SECTIONS, DatasetInfo, Records, ValidatedSpells
from .seeds import Closest, SeedError, read_article
from .vocabulary import SourceKind

if TYPE_CHECKING:  # the reader, PyYAML and pydantic are imported only when YAML is read, not for a compiled load
    from pathlib import Path  # and pathlib only where a path is made: a first answer from a wheel needs none

    from pydantic import TypeAdapter

    from .reader import Document

MODELS: dict[str, type[Record]] = {section.key: section.model for section in SECTIONS}
ENTITY_SECTIONS = tuple(section.key for section in SECTIONS if section.entities)


def bundled_root() -> Path:
    """The data shipped with alliances: inside the installed package, or the checkout's own."""
    from pathlib import Path

    return Path(content.bundled_place())


def dataset_root(path: str | Path) -> Path:
    """Accept a dataset root (holding data/ and seeds/) or its data/ folder itself."""
    from pathlib import Path
    path = Path(path)
    try:
        is_dir = path.is_dir()
        has_data = is_dir and (path / "data").is_dir()
    except OSError as exc:  # a name too long, a folder that cannot be entered
        raise FileNotFoundError(f"{shorten(str(path))} cannot be read: {exc.strerror or type(exc).__name__}") from None
    if not is_dir:
        raise FileNotFoundError(f"{shorten(str(path))} is not a directory")
    if has_data:
        return path
    if path.name == "data":
        return path.parent
    raise FileNotFoundError(f"{shorten(str(path))} holds no data/ folder: a dataset root holds data/ and seeds/")


def load_records(path: str | Path | None = None, extra: Sequence[str | Path] = ()) -> Records:
    """Read and validate a dataset, with user directories laid over it.

    ``path`` is a dataset root (default: the bundled data); each of ``extra`` is a user's root
    whose records join it under the same checks, so a clash with the base data (an id used twice,
    a spell that overlaps one already there) is reported, never merged silently.
    Raises DataError with every problem found.
    """
    base: str | Path = content.bundled_place() if path is None else dataset_root(path)
    overlays = [(dataset_root(p), str(p)) for p in extra]
    roots = [(base, ""), *overlays]
    shipped = not overlays and os.path.isfile(os.path.join(base, compiled.SHIPPED))  # an installed wheel's own compiled form
    cached = cache.enabled()  # with the cache off, no file of the user's is read for a key
    # A wheel's bundled data is hashed only if its installation was touched since it was installed.
    known = (shipped and content.as_installed(base)) or (content.manifest([root for root, _ in roots]) if cached or shipped else None)
    load = None  # made only when the YAML is read: a compiled load makes no path of pathlib's
    with paused_collection():
        records = compiled.read(known, base, cached, partial(_reload, roots, known)) if known else None
        if records is None:
            load = _Load(roots)
            records = load.run()
    settle(len(records.shared_spells))
    # Stored only under the key of what was read; a shipped copy that is stale is not replaced.
    if load is not None and known and cached and not shipped and load.reads.agree(known):
        compiled.write(known, records)
    return records


def _reload(roots: list[tuple[str | Path, str]], known: content.Manifest) -> Records:
    """The records of ``known`` from the YAML again, when its compiled form turned out damaged."""
    load = _Load(roots)
    with paused_collection():
        records = load.run()
    if not load.reads.agree(known):
        raise AlliancesError("the data changed since it was loaded, and its compiled form is damaged: load it again")
    return records


def compile_bundle(root: Path, installed_as: str | None = None) -> Path:
    """Validate the dataset at ``root`` and write its compiled form beside it (``compiled.json``),
    as the wheel ships it, and with ``installed_as`` (its ``.dist-info``) the stamp that spares an
    untouched installation hashing its data (``content.as_installed``)."""
    known = content.manifest([root])
    load = _Load([(root, "")])
    records = load.run()
    if not load.reads.agree(known):
        raise OSError(f"the data in {root} changed while it was compiled")
    target = root / compiled.SHIPPED
    compiled.write(known, records, target)
    if not target.is_file():
        raise OSError(f"could not write {target}")
    if installed_as is not None:
        content.write_stamp(root, known, installed_as)
    return target


class _Load:
    """One load of one or more dataset roots; collects problems instead of stopping at the first."""

    def __init__(self, roots: list[tuple[str | Path, str]]):
        from pathlib import Path

        self.roots = [(Path(root), shown) for root, shown in roots]  # (root, how its files are shown: "" for the base, else the path given)
        self.root = self.roots[0][0]
        self.problems: list[Problem] = []
        self.records: dict[str, list[RawRecord]] = {key: [] for key in SECTION_KEYS}
        self.info: tuple[Any, RawRecord] | None = None
        self.sources: dict[str, Source] = {}
        self.texts: dict[str, str] = {}
        self.entities: dict[str, Entity] = {}
        self.located: dict[int, RawRecord] = {}
        self.claimed: dict[tuple[str, str], RawRecord] = {}
        self.hints: dict[tuple[str, str], str] = {}  # (kind, missing id) -> its suggestion
        self.closest_left = _HINTED  # closest passages still worked out for quotes not found
        self.indexes: dict[str, Closest] = {}
        self.reads = content.Reads()  # the digest of every file as parsed: the key the records belong to
        self.numbers: dict[Path, int] = {}  # each root's place among the roots, as the key names it
        for number, (root, _) in enumerate(self.roots):
            self.numbers.setdefault(root, number)

    def run(self) -> Records:
        with resolving(self):  # the models resolve ids through this load while it runs
            return self._run()

    def _run(self) -> Records:
        from .reader import only_sections

        later = []  # files of spells, offices, relations, events and claims only
        for path, shown, root, name in self._files():
            text = self._text(path, shown, name)
            if text is not None and only_sections(text, _FACT_SECTIONS):
                later.append((path, shown, root, name))  # its text is dropped until then
            elif text is not None:
                self._parse(text, shown, root)
        info = self._validate_info()
        self.sources = self._validate_all("sources")
        self._read_texts()
        valid: dict[str, list[Any]] = {key: [] for key in SECTION_KEYS if key != "sources"}
        self._validate_sections(valid)
        for path, shown, root, name in later:  # one at a time: its raw values are dropped once validated
            text = self._text(path, shown, name)  # read again: a change since is a torn read, never stored
            if text is not None:
                self._parse(text, shown, root)
            self._validate_sections(valid)
        self._check(info, valid)
        if self.problems:
            raise DataError(self.problems)
        assert info is not None
        valid["sources"] = list(self.sources.values())
        by_attribute = {section.attribute: valid[section.key] for section in SECTIONS}
        return Records.build(info, self.texts, by_attribute, ValidatedSpells(valid["spells"]), self.root)

    def _validate_sections(self, valid: dict[str, list[Any]]) -> None:
        """Validate the records collected so far, section by section in dependency order."""
        for section in valid:
            found = self._validate_all(section).values()
            valid[section] += found
            if section in ENTITY_SECTIONS:  # known before the sections that refer to them
                self.entities.update((e.id, e) for e in found)

    # -- reading --------------------------------------------------------------------------

    def _files(self) -> Iterator[tuple[str, str, Path, str]]:
        """Every data file of every root, in name order, with the name its messages show and the
        name the key gives it; a file refused (a link out of data/, a FIFO, a dangling link) is a
        problem, never skipped silently."""
        from pathlib import Path

        from .files import walk

        for number, (root, shown_root) in enumerate(self.roots):
            data = (Path(shown_root) / "data").as_posix()
            found = False
            for entry in walk(root / "data"):
                shown = f"{data}/{entry.relative}"
                found = True
                if entry.rule:
                    self.problems.append(Problem(shown, 1, 1, entry.rule, entry.message))
                else:
                    yield entry.path, shown, root, content.entry_name(number, "data", entry.relative)
            if not found:
                self.problems.append(Problem(data, 1, 1, "no-data", "no YAML files found"))

    def _text(self, path: str, shown: str, name: str) -> str | None:
        """The text of a data file, its bytes hashed as read; None (and a problem) if it cannot be read."""
        from .files import ReadError, read_bounded
        from .reader import decode

        try:
            raw = read_bounded(path, shown)
            self.reads.read(name, raw)
            return decode(raw, shown)
        except ReadError as exc:
            self.problems.append(exc.problem)
            return None

    def _parse(self, text: str, shown: str, root: Path) -> None:
        from .reader import ReadError, read_text

        try:
            document = read_text(text, shown)
        except ReadError as exc:
            self.problems.append(exc.problem)
            return
        document.root = root  # its articles are read from this root's seeds/, and no other
        self.problems += document.problems
        self._collect(document)

    def _collect(self, document: Document) -> None:
        top = RawRecord("file", document.data, document, ())
        if not isinstance(document.data, dict):
            empty = "the file is empty; " if document.data is None else ""
            self.problems.append(top.problem("file-shape", f"{empty}a data file is a mapping of sections"))
            return
        for section, value in document.data.items():
            here = RawRecord(section, value, document, (section,))
            if section == "dataset":
                self._collect_info(here)
            elif section not in MODELS:
                from difflib import get_close_matches

                hint = get_close_matches(section, [*SECTION_KEYS, "dataset"], n=1)
                extra = f"; did you mean {hint[0]!r}?" if hint else ""
                self.problems.append(here.problem("unknown-section", f"unknown section {shorten(section)!r}{extra}"))
            elif not isinstance(value, list):
                self.problems.append(here.problem("section-shape", f"{section} is a list of records"))
            else:
                self.records[section] += [RawRecord(section, item, document, (section, i)) for i, item in enumerate(value)]
        document.data = None  # its records hold what is needed

    def _collect_info(self, record: RawRecord) -> None:
        if self.info is not None:
            first = self.info[1].document.file
            self.problems.append(record.problem("duplicate-dataset", f"the dataset is described already in {first}"))
        else:
            self.info = (record.data, record)

    # -- validating -----------------------------------------------------------------------

    def _validate_info(self) -> DatasetInfo | None:
        if self.info is None:
            self.problems.append(Problem("data", 1, 1, "no-dataset", "no file has a 'dataset' section"))
            return None
        [(validated, problems)] = self._validate_many(DatasetInfo, [self.info[1]])
        self.problems += problems
        found: DatasetInfo | None = validated
        if found is not None:
            self.located[id(found)] = self.info[1]
        return found

    def _validate_all(self, section: str) -> dict[str, Any]:
        model = MODELS[section]
        valid: dict[str, Any] = {}
        records, self.records[section] = self.records[section], []
        for index, (record, (obj, problems)) in enumerate(zip(records, self._validate_many(model, records))):
            self.problems += problems
            if obj is None:
                continue
            record = record.slim()  # the model holds the values from now on
            key = getattr(obj, "id", None) or f"#{index}"
            if not self._claim(section, key, record):
                continue
            valid[key] = obj
            self.located[id(obj)] = record
        return valid

    def _claim(self, section: str, key: str, record: RawRecord) -> bool:
        """Register an id; all entities share one namespace, sources and events have their own."""
        if section not in ("sources", "events", *ENTITY_SECTIONS):
            return True
        namespace = section if section in ("sources", "events") else "entities"
        first = self.claimed.setdefault((namespace, key), record)
        if first is record:
            return True
        where = f"{first.document.file}:{first.document.mark(first.path).line}"
        self.problems.append(record.problem("duplicate-id", f"the id {key!r} is used twice (first in {where})", ("id",)))
        return False

    def _validate_many(self, model: type[Record], records: list[RawRecord]) -> list[tuple[Any, list[Problem]]]:
        """Each record validated (or None), with its problems, each placed in its record.

        The whole list in one call: a call per record costs more than most records' validation.
        When some fail, their errors come back located by their index in the list, and the valid
        ones are validated again on their own list (their ids resolve the same way again)."""
        from pydantic import ValidationError

        try:
            return [(obj, []) for obj in gate(list[model]).validate_python([record.data for record in records])]  # type: ignore[valid-type]
        except ValidationError as exc:
            failed = placed(records, exc.errors(include_url=False))
        passed = [i for i in range(len(records)) if i not in failed]
        valid = dict(zip(passed, gate(list[model]).validate_python([records[i].data for i in passed])))  # type: ignore[valid-type]
        return [(valid.get(i), failed.get(i, [])) for i in range(len(records))]

    def _read_texts(self) -> None:
        for source in self.sources.values():
            if source.kind is SourceKind.ARTICLE and source.file:
                record = self.located[id(source)]
                root = record.document.root or self.root
                name = content.entry_name(self.numbers[root], "seeds", source.file)
                try:
                    self.texts[source.id] = read_article(root / "seeds", source.file, partial(self.reads.read, name))
                except SeedError as exc:
                    self.problems.append(record.problem(exc.rule, str(exc), ("file",)))

    # -- the resolver the models call -----------------------------------------------------

    def source(self, key: str) -> Source:
        return _pick(self.sources, key, "source", self.hints)

    def text(self, source: Source) -> str:
        if source.id not in self.texts:
            raise RuleError("source-unreadable", f"the article '{source.id}' could not be read")
        return self.texts[source.id]

    def entity(self, key: str) -> Entity:
        return _pick(self.entities, key, "entity", self.hints)

    def closest(self, source: Source, quote: str) -> str:
        """The passage most like a quote not found, for the first few such quotes of a load."""
        if self.closest_left <= 0:
            return "(not searched: too many quotes are not found)"
        self.closest_left -= 1
        if source.id not in self.indexes:
            self.indexes[source.id] = Closest(self.texts.get(source.id, ""))
        return self.indexes[source.id](quote)

    # -- integrity ------------------------------------------------------------------------

    def _check(self, info: DatasetInfo | None, valid: dict[str, list[Any]]) -> None:
        for obj, rule, message, field in checks.every_rule(info, valid, list(self.entities.values()), list(self.sources.values())):
            self.problems.append(self.located[id(obj)].problem(rule, message, field))


# The sections that refer to entities and never define them: files holding only these are read
# after the entities are known, one at a time, so that a large load never holds every raw value.
_FACT_SECTIONS = tuple(s.key for s in SECTIONS if not s.entities and s.key != "sources")


def gate(model: Any) -> TypeAdapter[Any]:
    """pydantic's validator of one kind of record (or of a list of them), with every field's rule
    (made once per kind)."""
    found = _GATES.get(model)
    if found is None:
        from pydantic import TypeAdapter

        found = _GATES[model] = TypeAdapter(model)
    return found


_GATES: dict[Any, TypeAdapter[Any]] = {}


T = TypeVar("T")
# Suggestions are worked out for this many missing ids per load, and no more: each costs a scan of
# every id, and a file that fails to read can leave thousands of references without their target.
_HINTED = 25


def _pick(table: dict[str, T], key: str, kind: str, hints: dict[tuple[str, str], str]) -> T:
    if key in table:
        return table[key]
    key = shorten(key)
    hint = hints.get((kind, key))
    if hint is None and len(hints) < _HINTED:  # once per missing id: one lost source is cited many times
        from difflib import get_close_matches  # only for a reference that is not found

        close = get_close_matches(key, list(table), n=3, cutoff=0.5)
        hint = hints[(kind, key)] = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    # pydantic's own error, not a RuleError: a load with thousands of missing ids would keep every
    # exception, with its traceback, in the errors (measured: a fifth more time for 20,000 of them).
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError("unknown-reference", "no {kind} has the id '{key}'{hint}",
                              {"kind": kind, "key": key, "hint": hint or ""})
