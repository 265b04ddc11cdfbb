"""The documentation site's generated pages: the command-line reference is current with the parser,
and the Python reference names every public name."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import alliances

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_line_reference_is_current() -> None:
    page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert page == _generator().page(), "docs/reference/cli.md is stale: run python scripts/cli_reference.py"


def test_the_command_line_reference_has_every_command() -> None:
    page = _generator().page()
    for command in ("members", "overlap", "panel", "plot", "validate", "coverage"):
        assert f"## `alliances {command}`" in page


def test_the_python_reference_names_every_public_name() -> None:
    page = (ROOT / "docs" / "reference" / "python.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: alliances\.(?:Dataset\.)?(\w+)", page, re.M))
    assert sorted(set(alliances.__all__) - documented - {"__version__"}) == []
    assert "__version__" in page


def test_every_page_in_the_nav_exists() -> None:
    nav = re.findall(r":\s+([\w/.-]+\.(?:md|ipynb))\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert nav and [p for p in nav if not (ROOT / "docs" / p).exists()] == []
