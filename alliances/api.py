"""The module-level functions: the same queries on the bundled dataset, loaded once.

Importing alliances reads nothing; the first query loads and validates the bundled data behind a
lock, and every later call, from any thread, shares that one immutable Dataset.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional, Sequence, Union

from .dataset import Dataset
from .dates import DateLike
from .loader import load as _load_path
from .model import Entity, Organization, Role
from .query import RoleLike
from .relation_results import Articles, Checks, Links, Passages, RegionStates, Terms
from .results import Members, Periods, Spells, Timeline

_lock = threading.Lock()
_bundled: Optional[Dataset] = None


def load(path: Union[str, Path, None] = None, extra: Sequence[Union[str, Path]] = ()) -> Dataset:
    """Load a dataset: the bundled one (cached) when ``path`` is None, else the one at ``path``.

    ``path`` is a dataset root holding ``data/`` and ``seeds/`` (or its ``data/`` folder).
    ``extra`` lays user dataset roots over it: their sources, articles, states, organizations and
    spells join it under the same checks, and any clash with it is reported.
    Raises :class:`~alliances.errors.DataError` naming every problem's file, line and rule.
    """
    global _bundled
    if path is not None or extra:
        return _load_path(path, extra)
    with _lock:
        if _bundled is None:
            _bundled = _load_path(None)
        return _bundled


def clear_cache() -> None:
    """Forget the cached bundled dataset (the next query loads it again)."""
    global _bundled
    with _lock:
        _bundled = None


def members(organization: Union[str, Organization], on: Optional[DateLike] = None,
            role: RoleLike = Role.MEMBER, region: Optional[str] = None) -> Members:
    """Who held ``role`` (default: full member) in ``organization`` on a date (default: today),
    only those in ``region`` when one is named."""
    return load().members(organization, on=on, role=role, region=region)


def overlap(*organizations: Union[str, Organization], on: Optional[DateLike] = None,
            role: RoleLike = Role.MEMBER, region: Optional[str] = None) -> Members:
    """Who held ``role`` in every one of ``organizations`` at once on a date (default: today)."""
    return load().overlap(*organizations, on=on, role=role, region=region)


def overlap_periods(*organizations: Union[str, Organization], role: RoleLike = Role.MEMBER) -> Periods:
    """Every period in which one member held ``role`` in all ``organizations`` at once."""
    return load().overlap_periods(*organizations, role=role)


def memberships(member: Union[str, Entity], on: Optional[DateLike] = None,
                role: Optional[RoleLike] = None) -> Spells:
    """The spells of ``member`` (any name, alias or code): all, or those running on a date."""
    return load().memberships(member, on=on, role=role)


def history(entity: Union[str, Entity]) -> Timeline:
    """Dated events of a state or organization, with the citations behind each."""
    return load().history(entity)


def resolve(name: str) -> Entity:
    """The state or organization known by ``name``; unknown names raise with suggestions."""
    return load().resolve(name)


def office_holders(organization: Union[str, Organization], post: str, on: Optional[DateLike] = None) -> Terms:
    """Who held ``post`` ("secretary-general", "chair") in ``organization``: on a date, or all."""
    return load().office_holders(organization, post, on=on)


def offices(holder: Union[str, Entity], on: Optional[DateLike] = None) -> Terms:
    """The posts a person (or, for a chair, a state) held: all, or those held on a date."""
    return load().offices(holder, on=on)


def relations(entity: Union[str, Entity], kind: Optional[str] = None, on: Optional[DateLike] = None) -> Links:
    """The typed, dated, cited relations of an entity: all, of one kind, or running on a date."""
    return load().relations(entity, kind=kind, on=on)


def connections(a: Union[str, Entity], b: Union[str, Entity], on: Optional[DateLike] = None) -> Links:
    """Every way two entities are linked: shared organizations, memberships, relations, offices, events."""
    return load().connections(a, b, on=on)


def in_region(region: str) -> RegionStates:
    """The states of a region ("Central Asia"), with the standard its list follows."""
    return load().in_region(region)


def articles() -> Articles:
    """The articles kept in seeds/, with their metadata."""
    return load().articles()


def passages(*entities: Union[str, Entity], source: Optional[str] = None) -> Passages:
    """The sentences of the articles that name every one of ``entities``, with exact offsets."""
    return load().passages(*entities, source=source)


def cross_check(source: Optional[str] = None) -> Checks:
    """What the articles state about membership, set against the data on the article's date."""
    return load().cross_check(source)
