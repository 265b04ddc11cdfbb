"""The user's cache of compiled datasets: where it is, what its files are called, and pruning it.

The folder is ``ALLIANCES_CACHE``, else ``$XDG_CACHE_HOME/alliances``, else ``~/.cache/alliances``;
``ALLIANCES_CACHE=off`` turns the cache off. A compiled file is named
``dataset-<roots>-<key>.json``: ``<roots>`` a hash of the dataset roots' own paths (the same
roots give the same hash whatever they hold), ``<key>`` the start of the content key.

After each file written, the folder is pruned: of the same roots' files, the :data:`KEEP` most
recently used stay (reading one refreshes its time, so a dataset switched between two branches,
or used by two versions of the library, is not compiled again at every switch); any of our files
unused for :data:`MAX_AGE` goes, whatever its roots (a temporary folder's data, an older
library's files); a temporary file that a writer left behind goes after an hour. A file is ours
only by its exact name and only if it is a regular file: nothing else in the folder is touched.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathlib is imported when a path of the cache is made, not by a first answer from a wheel
    from pathlib import Path

KEEP = 3
"""Compiled files kept for one set of roots."""

MAX_AGE = 30 * 24 * 3600
"""Seconds after which a compiled file not used since is removed, whatever its roots."""

_ABANDONED = 3600  # seconds after which a temporary file is a dead writer's, not one at work
_OURS = re.compile(r"dataset-(?:(?P<roots>[0-9a-f]{16})-)?[0-9a-f]{32}\.json|(?P<temporary>\.dataset-[A-Za-z0-9_]+\.tmp)")


def enabled() -> bool:
    """Whether the cache is on (``ALLIANCES_CACHE`` is not ``off``)."""
    return os.environ.get("ALLIANCES_CACHE", "").strip().lower() not in {"off", "0", "no", "false"}


def cache_dir() -> Path | None:
    """Where compiled files go, or None when the cache is turned off."""
    from pathlib import Path

    chosen = os.environ.get("ALLIANCES_CACHE", "").strip()
    if not enabled():
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alliances"


def path_for(key: str, roots: str) -> Path | None:
    """The file of the content ``key`` of the roots hashed as ``roots``; None with the cache off."""
    folder = cache_dir()
    return folder / f"dataset-{roots}-{key[:32]}.json" if folder else None


def touch(path: Path) -> None:
    """Mark a compiled file as used now, so that pruning keeps it (silently: the cache is optional)."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, roots: str, now: float | None = None) -> list[str]:
    """Remove the compiled files of ``folder`` that the rules above let go; return their names."""
    now = time.time() if now is None else now
    kept: list[tuple[float, str]] = []  # (age, name) of the same roots' files
    gone: list[str] = []
    for name, age, match in _ours(folder, now):
        if age > (_ABANDONED if match["temporary"] else MAX_AGE):
            gone.append(name)
        elif match["roots"] == roots:
            kept.append((age, name))
    gone += [name for _, name in sorted(kept)[KEEP:]]
    return [name for name in gone if _remove(folder / name)]


def _ours(folder: Path, now: float) -> list[tuple[str, float, re.Match[str]]]:
    """Our files in ``folder`` (by name, regular files only, never through a link), with their age."""
    try:
        with os.scandir(folder) as entries:
            named = [(entry, match) for entry in entries if (match := _OURS.fullmatch(entry.name))]
    except OSError:  # gone, or not ours to list: nothing is pruned
        return []
    found = []
    for entry, match in named:
        try:
            if entry.is_file(follow_symlinks=False):
                found.append((entry.name, now - entry.stat(follow_symlinks=False).st_mtime, match))
        except OSError:  # removed meanwhile by another process
            continue
    return found


def _remove(path: Path) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:  # removed by another process first, or not ours to remove
        return False
