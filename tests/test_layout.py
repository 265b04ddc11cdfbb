"""The package's layout as docs/layout.md gives it: one layer per module, imports only downward,
no import cycles, no module over 400 lines; and the module-level functions match the Dataset."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import alliances
from alliances import api
from alliances.dataset import Dataset

PACKAGE = Path(alliances.__file__).resolve().parent
LAYOUT = Path(__file__).resolve().parent.parent / "docs" / "layout.md"
LAYERS = ["shared", "read", "records", "load", "index", "ask", "dataset", "command line"]


def _layout() -> dict[str, int]:
    rows = re.findall(r"^\| `([a-z_]+)\.py` \| ([a-z ]+) \|", LAYOUT.read_text(encoding="utf-8"), re.M)
    return {module: LAYERS.index(layer) for module, layer in rows}


def _imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports, at the top or inside a function."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # from . import x: a module of the package, or a name the package face hands on
                found.update(alias.name if (PACKAGE / f"{alias.name}.py").exists() else "__init__" for alias in node.names)
    return found - {module}


def test_every_module_is_in_the_layout_note() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert sorted(modules ^ set(_layout())) == []


def test_no_module_imports_one_above_it() -> None:
    layer = _layout()
    upward = [(m, other) for m in layer for other in _imports(m) if layer[other] > layer[m]]
    assert upward == []


def test_no_modules_import_each_other() -> None:
    graph = {m: _imports(m) for m in _layout()}
    state: dict[str, str] = {}  # "open" while its imports are being walked, then "done"
    cycles: list[tuple[str, str]] = []

    def walk(module: str) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                cycles.append((module, other))
            elif other not in state:
                walk(other)
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert cycles == []


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


QUESTIONS = [name for name in alliances.__all__ if callable(getattr(api, name, None)) and hasattr(Dataset, name)]


@pytest.mark.parametrize("name", QUESTIONS)
def test_each_function_has_the_signature_and_doc_of_its_dataset_method(name: str) -> None:
    method = inspect.signature(getattr(Dataset, name))
    without_self = method.replace(parameters=list(method.parameters.values())[1:])
    assert inspect.signature(getattr(alliances, name)) == without_self
    assert getattr(alliances, name).__doc__ == getattr(Dataset, name).__doc__


def test_every_question_of_every_topic_is_a_function_too() -> None:
    from alliances.answers import Topic

    topics = [cls for cls in Dataset.__mro__ if issubclass(cls, Topic) and cls not in (Topic, Dataset)]
    asked = {name for cls in topics for name in vars(cls) if not name.startswith("_")}
    assert sorted(asked - set(QUESTIONS) - {"region"}) == []  # region() is a lookup, resolve()'s kin
