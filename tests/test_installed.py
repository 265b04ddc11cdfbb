"""An installed wheel's bundled data is not hashed while its installation is untouched, and is
hashed again (so a stale compiled form is never read) as soon as any file of it changes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from alliances import content
from alliances.loader import compile_bundle

RECORD = "alliances-0.dist-info"


@pytest.fixture
def site(dataset_copy: Path, tmp_path: Path, monkeypatch) -> Path:
    """A site-packages as an installer leaves it: the package's modules, the bundled data compiled
    with its stamp, and the installer's record written last."""
    monkeypatch.setenv("ALLIANCES_CACHE", "off")
    compile_bundle(dataset_copy, installed_as=RECORD)
    site = tmp_path / "site"
    package = site / "alliances"
    package.mkdir(parents=True)
    for module in Path(content.PACKAGE).glob("*.py"):
        shutil.copyfile(module, package / module.name)
    shutil.copytree(dataset_copy, package / "_bundle")
    time.sleep(0.01)  # the record is written after every file, as an installer writes it
    (site / RECORD).mkdir()
    (site / RECORD / "RECORD").write_text("alliances/__init__.py,,\n", encoding="utf-8")
    return site


def _installed(site: Path) -> content.Manifest | None:
    return content.as_installed(site / "alliances" / "_bundle", package=str(site / "alliances"))


def test_an_untouched_installation_has_the_key_its_files_hash_to(site: Path) -> None:
    bundle = site / "alliances" / "_bundle"
    assert _installed(site) == content.manifest([bundle])


def _rewrite(path: Path, old: bytes, new: bytes) -> None:
    time.sleep(0.01)
    raw = path.read_bytes()
    assert old in raw and len(old) == len(new)  # the same size: only the time tells the edit
    path.write_bytes(raw.replace(old, new, 1))


@pytest.mark.parametrize("change", ["a data file edited", "an article edited", "a module edited", "a data file added",
                                    "a module added", "a data file removed", "the stamp edited", "no record"])
def test_a_touched_installation_is_hashed_again(site: Path, change: str) -> None:
    package, bundle = site / "alliances", site / "alliances" / "_bundle"
    if change == "a data file edited":
        _rewrite(bundle / "data" / "dataset.yaml", b"version: 2026", b"version: 2027")
    elif change == "an article edited":
        article = next((bundle / "seeds").iterdir())
        _rewrite(article, article.read_bytes()[:1], b"#")
    elif change == "a module edited":
        _rewrite(package / "dates.py", b"from __future__", b"from  __future_")
    elif change == "a data file added":
        time.sleep(0.01)
        (bundle / "data" / "more.yaml").write_text("sources: []\n", encoding="utf-8")
    elif change == "a module added":
        time.sleep(0.01)
        (package / "more.py").write_text("", encoding="utf-8")
    elif change == "a data file removed":
        (bundle / "data" / "relations.yaml").unlink()
    elif change == "the stamp edited":
        _rewrite(bundle / content.STAMP, b'"format"', b'"Format"')
    else:
        (site / RECORD / "RECORD").unlink()
    assert _installed(site) is None


def test_a_file_put_back_with_its_old_time_is_hashed_again(site: Path) -> None:
    data = site / "alliances" / "_bundle" / "data" / "dataset.yaml"
    before = data.stat()
    _rewrite(data, b"version: 2026", b"version: 2027")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))  # its change time still tells
    assert _installed(site) is None
