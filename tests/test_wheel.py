"""The installed package: a wheel in a fresh virtual environment answers from another directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import PROJECT


@pytest.mark.slow
def test_an_installed_wheel_answers_from_any_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(PROJECT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels)], check=True)
    wheel = next(wheels.glob("alliances-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import alliances, json; ds = alliances.load(); "
            "print(json.dumps([sorted(alliances.overlap('CSTO', 'OTS', on='2020-01-01').ids), str(ds.root)]))")
    cache = tmp_path / "cache"
    env = {**os.environ, "ALLIANCES_CACHE": str(cache)}
    done = subprocess.run([str(python), "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True, env=env)
    ids, root = json.loads(done.stdout)
    assert ids == ["KAZ", "KGZ"]
    assert "_bundle" in root and str(PROJECT) not in root
    assert (Path(root) / "compiled.json").is_file()  # the wheel ships the bundled data compiled ...
    assert not cache.exists() or not any(cache.iterdir())  # ... so a fresh user's first answer writes nothing
    assert (Path(root) / "installed.json").is_file()  # and the stamp that spares it hashing an untouched install
    info = Path(root) / "data" / "dataset.yaml"
    text = info.read_text(encoding="utf-8")
    version = next(line.split(":")[1].strip() for line in text.splitlines() if line.strip().startswith("version:"))
    edited = version[:-1] + ("8" if version[-1] != "8" else "9")  # the same size: only its time tells the edit
    info.write_text(text.replace(f"version: {version}", f"version: {edited}"), encoding="utf-8")
    read = subprocess.run([str(python), "-c", "import alliances; print(alliances.load().version)"], cwd=elsewhere,
                          capture_output=True, text=True, check=True, env=env)
    assert read.stdout.split() == [edited]  # an installed file edited: hashed again, and read from the YAML
    assert not cache.exists() or not any(cache.iterdir())
    cli = subprocess.run([str(env_dir / "bin" / "alliances"), "validate"], cwd=elsewhere, capture_output=True,
                         text=True, check=False)
    assert cli.returncode == 0, cli.stderr
