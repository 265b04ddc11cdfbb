"""Build hook: the wheel ships the bundled data compiled, made by the same code that validates it.

When a wheel is built (not an editable install), the bundled data is validated and written in its
compiled form into the wheel beside the data (``alliances/_bundle/compiled.json``), with the key
that the installed package computes from the same files, so a fresh install answers its first
question without reading YAML or writing to the user's cache; beside it the stamp of what was
hashed (``installed.json``), so that an installation untouched since it was installed is not
hashed again at every start (``alliances.content.as_installed``). A data error stops the build.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledBundleHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            import shutil

            from alliances.loader import compile_bundle

            staging = Path(tempfile.mkdtemp(prefix="alliances-bundle-"))
            for folder in ("data", "seeds"):
                shutil.copytree(root / folder, staging / folder)
            name = re.sub(r"[-_.]+", "_", self.metadata.name).lower()  # as the wheel's .dist-info folder is named
            compiled = compile_bundle(staging, installed_as=f"{name}-{self.metadata.version}.dist-info")
        finally:
            sys.path.remove(str(root))
        build_data["force_include"][str(compiled)] = "alliances/_bundle/compiled.json"
        build_data["force_include"][str(staging / "installed.json")] = "alliances/_bundle/installed.json"
