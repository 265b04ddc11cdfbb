"""alliances as a user installs it: a wheel of this checkout in a fresh virtual environment.

A checkout starts differently from an installed wheel: the wheel ships the bundled data already
compiled (``alliances/_bundle/compiled.json``, written by .ci/hatch_build.py), so a fresh install
never reads YAML, while a checkout reads it and writes a compiled form into the user's cache. The
cold start is therefore timed on a wheel built once per run (``pip wheel --no-deps``), installed
without its dependencies into a new virtual environment whose bytecode is compiled
(``compileall``, as pip does on install). pydantic, PyYAML and pycountry come from the running
interpreter's site-packages (a ``.pth`` line), already installed and compiled there, so no
download is needed and every command of a round meets the same interpreter.

If the wheel cannot be built or installed, the report says why and the checkout is timed instead.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHECK = ("import alliances, pathlib, sys; package = pathlib.Path(alliances.__file__).parent; "
         "print(package.is_relative_to(sys.prefix), (package / '_bundle' / 'compiled.json').is_file())")


@dataclass(frozen=True)
class Install:
    """The interpreter whose ``import alliances`` is timed, and what it imports."""

    python: str
    kind: str  # "wheel" or "checkout"
    note: str  # one line for the report

    def as_dict(self) -> dict[str, str]:
        return {"python": "the running interpreter" if self.python == sys.executable else "a temporary venv",
                "kind": self.kind, "note": self.note}


@contextmanager
def installed(log: Callable[[str], None]) -> Iterator[Install]:
    """A wheel of this checkout installed in a temporary virtual environment, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="alliances-wheel-") as tmp:
        log("  building and installing a wheel ...")
        try:
            install = _install_wheel(Path(tmp))
        except (subprocess.CalledProcessError, OSError, RuntimeError) as exc:
            install = Install(sys.executable, "checkout",
                              f"the checkout (building or installing a wheel failed: {_reason(exc)})")
        yield install


def _install_wheel(work: Path) -> Install:
    wheels = work / "wheels"
    # With hatchling in the running interpreter (the bench extra has it) the build needs no download
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    _run([sys.executable, "-m", "pip", "wheel", str(PROJECT), "--no-deps", *isolation, "-q", "-w", str(wheels)])
    wheel = next(wheels.glob("alliances-*.whl"))
    env = work / "env"
    venv.create(env, with_pip=False, symlinks=os.name != "nt")
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    # The dependencies as the running interpreter has them; not "--system-site-packages", which
    # would reach the base interpreter's site-packages when the running one is itself a venv.
    parent = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site / "bench-dependencies.pth").write_text("\n".join(parent) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    _run([str(python), "-m", "compileall", "-q", str(site / "alliances")])
    inside, shipped = _run([str(python), "-c", CHECK], cwd=work).split()
    if inside != "True":
        raise RuntimeError("the virtual environment imports another alliances than the wheel's")
    compiled = "ships the bundled data compiled" if shipped == "True" else "ships NO compiled form of the bundled data"
    return Install(str(python), "wheel", f"{wheel.name} in a fresh venv, bytecode compiled; the wheel {compiled}")


def _run(command: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, command[:4], done.stdout, done.stderr)
    return done.stdout


def _reason(exc: BaseException) -> str:
    if isinstance(exc, subprocess.CalledProcessError):
        last = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        return f"{' '.join(map(str, exc.cmd))} exited {exc.returncode}: {last[0][:200]}"
    return f"{type(exc).__name__}: {exc}"
