"""The JSON Schema of a data file: the shipped copy is current, and every bundled file passes it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from alliances.cli import main
from alliances.loader import bundled_root
from alliances.schema import SHIPPED, schema_text

jsonschema = pytest.importorskip("jsonschema")


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): 2009-10-03 and `on` are strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

DATA_FILES = sorted((bundled_root() / "data").rglob("*.yaml"))


def test_the_shipped_schema_is_current() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), "run: alliances schema > alliances/data.schema.json"


def test_the_command_prints_the_schema(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "alliances data file"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(bundled_root())))
def test_every_bundled_data_file_passes_the_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SHIPPED.read_text(encoding="utf-8")))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    assert [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(data)] == []


def test_the_schema_catches_what_an_editor_should_flag() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SHIPPED.read_text(encoding="utf-8")))
    typo = {"spells": [{"member": "KAZ", "organization": "CSTO", "role": "ally",
                        "start": {"how": "founding", "date": "1992-05-15", "citations": [{"source": "x", "locator": "y"}]},
                        "ned": "2000"}]}
    def messages(errors):  # a section is a list or nothing: the reasons sit inside the alternatives
        for error in errors:
            yield error.message
            yield from messages(error.context or ())

    found = " ".join(messages(validator.iter_errors(typo)))
    assert "'ally' is not one of" in found and "'ned' was unexpected" in found
