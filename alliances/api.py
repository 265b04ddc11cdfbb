"""The module-level functions: the Dataset's questions asked of the bundled data, loaded once.

Importing alliances reads nothing; the first question loads and validates the bundled data behind
a lock, and every later call, from any thread, shares that one immutable Dataset. Each function is
made from the Dataset method of the same name, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from . import dataset
from .dataset import Dataset

if TYPE_CHECKING:
    from pathlib import Path

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | Path | None = None, extra: Sequence[str | Path] = ()) -> Dataset:
    """Load a dataset: the bundled one (cached) when ``path`` is None, else the one at ``path``.

    ``path`` is a dataset root holding ``data/`` and ``seeds/`` (or its ``data/`` folder).
    ``extra`` lays user dataset roots over it: their sources, articles, states, organizations and
    spells join it under the same checks, and any clash with it is reported.
    Raises :class:`~alliances.errors.DataError` naming every problem's file, line and rule.
    """
    global _bundled
    if path is not None or extra:
        return dataset.load(path, extra)
    with _lock:
        if _bundled is None:
            _bundled = dataset.load(None)
        return _bundled


def clear_cache() -> None:
    """Forget the cached bundled dataset (the next query loads it again)."""
    global _bundled
    with _lock:
        _bundled = None


def _on_bundled(method: Callable[Concatenate[Dataset, P], R]) -> Callable[P, R]:
    """The function that asks ``method`` of the bundled dataset, with its name, signature and doc."""

    @functools.wraps(method)
    def ask(*args: P.args, **kwargs: P.kwargs) -> R:
        return method(load(), *args, **kwargs)

    # What inspect.signature() (help, editors) reads: the method with its first argument, the
    # dataset, bound, so the signature is the method's without ``self``. Worked out by inspect
    # when asked for, rather than at import.
    ask.__wrapped__ = functools.partial(method, None)  # type: ignore[arg-type]
    return ask


members = _on_bundled(Dataset.members)
overlap = _on_bundled(Dataset.overlap)
overlap_periods = _on_bundled(Dataset.overlap_periods)
memberships = _on_bundled(Dataset.memberships)
history = _on_bundled(Dataset.history)
resolve = _on_bundled(Dataset.resolve)
office_holders = _on_bundled(Dataset.office_holders)
offices = _on_bundled(Dataset.offices)
relations = _on_bundled(Dataset.relations)
connections = _on_bundled(Dataset.connections)
in_region = _on_bundled(Dataset.in_region)
articles = _on_bundled(Dataset.articles)
passages = _on_bundled(Dataset.passages)
cross_check = _on_bundled(Dataset.cross_check)
coverage = _on_bundled(Dataset.coverage)
table = _on_bundled(Dataset.table)
codes = _on_bundled(Dataset.codes)
panel = _on_bundled(Dataset.panel)
