"""Shared fixtures: the bundled dataset, and throwaway copies of it to break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import alliances
from alliances.loader import bundled_root

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _compiled_files_in_a_temporary_cache(tmp_path_factory) -> None:
    """Compiled datasets go to a throwaway cache, never the user's own."""
    import os

    os.environ["ALLIANCES_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def ds() -> alliances.Dataset:
    return alliances.load()


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled dataset root (data/ and seeds/)."""
    root = tmp_path / "dataset"
    shutil.copytree(bundled_root() / "data", root / "data")
    shutil.copytree(bundled_root() / "seeds", root / "seeds")
    return root


@pytest.fixture
def with_file(dataset_copy: Path) -> Callable[[str, str], Path]:
    """Add one more YAML file to the copy; return the dataset root."""

    def add(name: str, text: str) -> Path:
        (dataset_copy / "data" / name).write_text(text, encoding="utf-8")
        return dataset_copy

    return add
