"""The JSON Schema of a data file, made from the models that validate it, so that an editor can
complete and check data/*.yaml as it is typed. A copy ships in the package (``data.schema.json``);
a test keeps it current and validates every bundled data file against it.

An editor using the YAML language server finds it through a first line such as::

    # yaml-language-server: $schema=../alliances/data.schema.json

The schema is looser than the loader in one way only: the rules across records (an id that exists,
spells that do not overlap, a quote found in its article) are checked by ``alliances validate``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, TypeAdapter, create_model

from .records import SECTIONS, DatasetInfo

SHIPPED = Path(__file__).resolve().parent / "data.schema.json"


@lru_cache(maxsize=1)
def data_file_schema() -> dict[str, Any]:
    """The schema of one data file: a mapping of sections, each a list of records (``dataset`` one)."""
    fields: dict[str, Any] = {"dataset": (DatasetInfo | None, None)}
    fields.update({section.key: (list[section.model] | None, None) for section in SECTIONS})  # type: ignore[name-defined]
    model = create_model("DataFile", __config__=ConfigDict(extra="forbid"), **fields)
    schema = TypeAdapter(model).json_schema(mode="validation")
    schema["title"] = "alliances data file"
    schema["description"] = "One YAML file of data/: sections of records (docs/codebook.md)."
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    return json.dumps(data_file_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
