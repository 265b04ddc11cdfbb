"""The content of dataset roots as a load reads it, and the key of that content.

A compiled form is trusted because its key is the hash of the very bytes that were validated into
it. :func:`manifest` works out, before a load, what each root holds: every YAML file of its
``data/`` and every file of its ``seeds/``, walked and read exactly as the loader walks and reads
them (``files.py``: links followed only to regular files inside the folder, nothing over the
reader's size limit read, no FIFO or device opened), each as its size and BLAKE2b digest, beside
the library's own code. While it loads, the loader keeps :class:`Reads`: the digest of each file's
bytes as it parsed them, and which data files it walked. Its records belong under the key only
when :meth:`Reads.agree` with the manifest: every file read had the digest the key was made from,
and every data file of the key was read. A file saved between hashing and reading, or changed and
reverted during the load, fails that test, and then nothing is written: the next load, of the
settled content, compiles it. (Writing under a key made from what was read instead would store
a mix of files that may never exist together again, only to be pruned.)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .files import ReadError, read_bounded, walk
from .frozen import Frozen, frozen

try:  # CPython's own BLAKE2: fast, and without the start-up of OpenSSL that importing hashlib costs
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as blake2b

FORMAT = 2  # of the key: a change in what is hashed, or how, makes every key new
FOLDERS = (("data", (".yaml", ".yml")), ("seeds", ("",)))  # each folder of a root, and the files of it read


def describe(raw: bytes) -> str:
    """What the key records of a file's bytes: their size and digest."""
    return f"{len(raw)} {blake2b(raw, digest_size=20).hexdigest()}"


def entry_name(number: int, folder: str, relative: str) -> str:
    """How the key names a file: the root's place among the roots, its folder, its path there."""
    return f"{number}/{folder}/{relative}"


@frozen
class Manifest(Frozen):
    """Every file of some dataset roots, as a load would read them, and the key made of it all."""

    entries: dict[str, str]  # entry_name(...) -> describe(bytes), or "refused <rule>"
    key: str  # BLAKE2b of the format, the library's code and every entry, in walk order
    family: str  # a hash of the roots' own paths: compiled files of the same roots are pruned together


def manifest(roots: Sequence[Path]) -> Manifest:
    """The manifest of ``roots`` (the base first, then each overlay), read now."""
    entries: dict[str, str] = {}
    for number, root in enumerate(roots):
        for folder, suffixes in FOLDERS:
            for entry in walk(root / folder, suffixes):
                name = entry_name(number, folder, entry.relative)
                entries[name] = f"refused {entry.rule}" if entry.rule else _read(entry.path, name)
    digest = blake2b(f"alliances-compiled-key-{FORMAT}\0{code_digest()}\0".encode(), digest_size=32)
    for name, what in entries.items():
        digest.update(f"{name}\0{what}\0".encode("utf-8", "surrogateescape"))
    places = "\0".join(str(_absolute(root)) for root in roots)
    family = blake2b(places.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return Manifest(entries, digest.hexdigest(), family)


def _read(path: Path, name: str) -> str:
    try:
        return describe(read_bounded(path, name))
    except ReadError as exc:  # refused by the loader too, which then stores nothing
        return f"refused {exc.problem.rule}"


def _absolute(root: Path) -> Path:
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return root.absolute()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A BLAKE2b hash of every module of the library, read once: the code that runs is the code
    that was imported, so a later change on disk (an upgrade under a running process) is not it."""
    digest = blake2b(digest_size=32)
    package = Path(__file__).resolve().parent
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


class Reads:
    """What one load read: each file's digest as it was parsed, under the name the key gives it."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.torn = False  # a file read twice (a deferred data file) gave other bytes the second time

    def read(self, name: str, raw: bytes) -> None:
        what = describe(raw)
        if self.seen.setdefault(name, what) != what:
            self.torn = True

    def agree(self, known: Manifest) -> bool:
        """Whether the records made from these reads are those of the content ``known`` describes."""
        if self.torn:
            return False
        data = {name for name in known.entries if _is_data(name)}
        return data == {name for name in self.seen if _is_data(name)} and all(
            known.entries.get(name) == what for name, what in self.seen.items())


def _is_data(name: str) -> bool:
    return name.split("/", 2)[1] == "data"
