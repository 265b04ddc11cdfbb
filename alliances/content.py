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

An installed wheel's bundled data is the one exception to hashing at every start: its build
hashed it already, and :func:`as_installed` takes that key while nothing of the installation was
written or changed since the installer finished (see the function for the rule).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache

from .files import ReadError, StrPath, read_bounded, walk
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


def manifest(roots: Sequence[StrPath]) -> Manifest:
    """The manifest of ``roots`` (the base first, then each overlay), read now."""
    entries: dict[str, str] = {}
    for number, root in enumerate(roots):
        for folder, suffixes in FOLDERS:
            for entry in walk(os.path.join(root, folder), suffixes):
                name = entry_name(number, folder, entry.relative)
                entries[name] = f"refused {entry.rule}" if entry.rule else _read(entry.path, name)
    digest = blake2b(f"alliances-compiled-key-{FORMAT}\0{code_digest()}\0".encode(), digest_size=32)
    for name, what in entries.items():
        digest.update(f"{name}\0{what}\0".encode("utf-8", "surrogateescape"))
    return Manifest(entries, digest.hexdigest(), _family(roots))


def _read(path: StrPath, name: str) -> str:
    try:
        return describe(read_bounded(path, name))
    except ReadError as exc:  # refused by the loader too, which then stores nothing
        return f"refused {exc.problem.rule}"


def _family(roots: Sequence[StrPath]) -> str:
    places = "\0".join(os.path.realpath(root) for root in roots)
    return blake2b(places.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


PACKAGE = os.path.dirname(os.path.realpath(__file__))  # the library's own folder: its code is hashed


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A BLAKE2b hash of every module of the library, read once: the code that runs is the code
    that was imported, so a later change on disk (an upgrade under a running process) is not it."""
    digest = blake2b(digest_size=32)
    for name in _modules(PACKAGE):
        with open(os.path.join(PACKAGE, name), "rb") as module:
            digest.update(name.encode() + b"\0" + module.read())
    return digest.hexdigest()


def _modules(package: str) -> list[str]:
    """The names of the library's modules (its ``*.py`` files), in name order."""
    with os.scandir(package) as found:
        return sorted(entry.name for entry in found if entry.name.endswith(".py") and entry.is_file())


def bundled_place() -> str:
    """The root of the data shipped with alliances: inside the installed package, or the checkout's own."""
    for root in (os.path.join(PACKAGE, "_bundle"), os.path.dirname(PACKAGE)):
        if os.path.isdir(os.path.join(root, "data")) and os.path.isdir(os.path.join(root, "seeds")):
            return root
    raise FileNotFoundError("the bundled data is missing: reinstall alliances")


# -- an installation that nothing has touched since it was installed -----------------------------

STAMP = "installed.json"  # beside a wheel's compiled bundled data: the manifest its build hashed


def write_stamp(root: StrPath, known: Manifest, installed_as: str) -> None:
    """Keep beside the bundled data at ``root`` (in a wheel being built) the manifest its build
    hashed, the size of every module hashed with it, and where the installer's record of the
    installation (``<installed_as>/RECORD``, written last) will be."""
    code = {name: os.stat(os.path.join(PACKAGE, name)).st_size for name in _modules(PACKAGE)}
    stamp = {"format": FORMAT, "key": known.key, "entries": known.entries, "code": code, "record": f"{installed_as}/RECORD"}
    with open(os.path.join(root, STAMP), "w", encoding="utf-8") as out:
        json.dump(stamp, out, ensure_ascii=False, indent=0)


def as_installed(root: StrPath, package: str = PACKAGE) -> Manifest | None:
    """The manifest of the bundled data at ``root`` without reading a byte of it, when the wheel's
    stamp shows the installation untouched since it was installed; else None (then it is hashed).

    Untouched means: the same modules and data files as the build hashed, each of the size it had
    there, and none written or changed (``st_mtime``, ``st_ctime``) after the installer wrote its
    record of the installation, which it writes last. An edit of an installed file, a file added
    or removed, a checkout or an editable install (no stamp, no record) are hashed as before."""
    try:
        stamp = json.loads(read_bounded(os.path.join(root, STAMP), STAMP))
        installed = os.stat(os.path.join(os.path.dirname(package), stamp["record"])).st_mtime_ns
        if stamp["format"] != FORMAT or _changed(os.stat(os.path.join(root, STAMP))) > installed:
            return None
        if not (_code_untouched(package, stamp["code"], installed) and _data_untouched(root, stamp["entries"], installed)):
            return None
        return Manifest(dict(stamp["entries"]), stamp["key"], _family([root]))
    except (OSError, ReadError, ValueError, KeyError, TypeError):
        return None


def _changed(status: os.stat_result) -> int:
    """When a file was last written or changed (its contents, its name or its mode)."""
    return max(status.st_mtime_ns, status.st_ctime_ns)


def _code_untouched(package: str, sizes: dict[str, int], installed: int) -> bool:
    if _modules(package) != sorted(sizes):
        return False
    for name, size in sizes.items():
        status = os.stat(os.path.join(package, name))
        if status.st_size != size or _changed(status) > installed:
            return False
    return True


def _data_untouched(root: StrPath, entries: dict[str, str], installed: int) -> bool:
    seen = []
    for folder, suffixes in FOLDERS:
        for entry in walk(os.path.join(root, folder), suffixes):
            name = entry_name(0, folder, entry.relative)
            status = os.stat(entry.path)
            if entry.rule or entries.get(name, "").split(" ")[0] != str(status.st_size) or _changed(status) > installed:
                return False
            seen.append(name)
    return seen == list(entries)


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
