"""Files as every reader of the project opens them: bounded in size, regular files only, and
folders walked in name order without following a link out of them.

The YAML reader, the articles' reader and the content key (``content.py``) all go through here,
so that hashing a dataset reads exactly what loading it reads, under the same limits; and this
module imports no YAML, so that a load answered from a compiled form never imports PyYAML.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import BinaryIO, Union

from .errors import Problem, shorten
from .frozen import Frozen, frozen

StrPath = Union[str, "os.PathLike[str]"]
"""A path as these functions take it: a string or a ``Path`` (they work with ``os.path``, so that a
first answer does not import ``pathlib``, which costs as much as the rest of its file access)."""

MAX_BYTES = 8 * 1024 * 1024
"""The largest data file read, in bytes (the bundled files are a few kilobytes each)."""


class ReadError(Exception):
    """Raised inside the reader; carries the problem for the caller to collect."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_bounded(path: StrPath, name: str) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`; never more is read, never a FIFO
    or a device is opened, and a file that cannot be read is a :class:`ReadError`."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise _error(name, "too-large", f"the file has {size} bytes; the limit is {MAX_BYTES}")
            raw = handle.read(size + 1)  # not MAX_BYTES + 1: that asks for a buffer of 8 MiB a file
            if len(raw) > size:  # it grew after fstat: read on, as far as the limit
                raw += handle.read(MAX_BYTES + 1 - len(raw))
    except _NotRegular:
        raise _error(name, "not-a-file", "it is not a regular file (a FIFO, a device, a folder?)") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise _error(name, "file-unreadable", f"it cannot be read ({_reason(exc)})") from None
    if len(raw) > MAX_BYTES:  # it grew while read
        raise _error(name, "too-large", f"the file has more than {MAX_BYTES} bytes")
    return raw


def open_regular(path: StrPath) -> BinaryIO:
    """``path`` opened for reading if it is a regular file (never blocking on a FIFO), else
    :class:`OSError`."""
    return open(path, "rb", opener=_open_regular)


class _NotRegular(OSError):  # the opener found a FIFO, a device or a folder
    pass


def _open_regular(path: str, flags: int) -> int:
    """Open without blocking on a FIFO, and refuse anything but a regular file."""
    descriptor = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise _NotRegular(path)
    return descriptor


def _reason(exc: BaseException) -> str:
    return shorten(getattr(exc, "strerror", None) or type(exc).__name__)


@frozen
class Entry(Frozen):
    """A file found under a folder (``relative`` to it, with "/"): to read, or refused (``rule``) and why."""

    path: str
    relative: str
    rule: str = ""
    message: str = ""


def walk(folder: StrPath, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> Iterator[Entry]:
    """The files named ``*suffix`` under ``folder``, recursively, in name order.

    Links are followed only to regular files inside ``folder``: a link that leads out of it, a
    link to a folder, a dangling link, a FIFO or a device named like a data file is yielded with
    its rule (``data-path-outside``, ``not-a-file``), never read, never skipped silently.
    """
    try:
        inside = os.path.realpath(folder, strict=True)
    except (OSError, RuntimeError):
        return
    yield from _walk(os.fspath(folder), os.path.join(inside, ""), "", suffixes)


def _walk(folder: str, inside: str, prefix: str, suffixes: tuple[str, ...]) -> Iterator[Entry]:
    """The files under ``folder``; ``inside`` is the real path of the folder walked, ending in a separator."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as exc:
        yield Entry(folder, prefix or ".", "file-unreadable", f"the folder cannot be read ({_reason(exc)})")
        return
    for entry in entries:
        relative, path, named = prefix + entry.name, entry.path, entry.name.endswith(suffixes)
        try:
            if entry.is_symlink():
                target = os.path.realpath(path, strict=named)
                if os.path.isdir(target):
                    yield Entry(path, relative, "not-a-file", "a link to a folder is not followed")
                elif not named:
                    continue
                elif not target.startswith(inside):
                    yield Entry(path, relative, "data-path-outside", "a link that leads out of data/ is not read")
                else:
                    yield (Entry(path, relative) if os.path.isfile(target) else
                           Entry(path, relative, "not-a-file", "a link to something that is not a regular file"))
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(path, inside, relative + "/", suffixes)
            elif named:
                yield (Entry(path, relative) if entry.is_file(follow_symlinks=False) else
                       Entry(path, relative, "not-a-file", "it is not a regular file (a FIFO, a device?)"))
        except (OSError, RuntimeError) as exc:  # a dangling link, a loop, a name too long
            if named:
                yield Entry(path, relative, "not-a-file", f"it cannot be followed ({_reason(exc)})")


def _error(file: str, rule: str, message: str) -> ReadError:
    return ReadError(Problem(file, 1, 1, rule, message))
