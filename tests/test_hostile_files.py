"""Hostile file systems, paths and caches: every one is refused with its file, line and rule, or
read safely; none raises anything but DataError (or, for a path argument, a clear exit 2)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import alliances
from alliances import cache as user_cache
from alliances import files
from alliances.cli import main
from alliances.dataset import load
from alliances.errors import DataError

ARTICLE = "000_f1ae771b51987792.txt"  # the bundled article, cited by yenisafak-lavrov-csto-2026
SOURCE = "sources:\n  - {id: zz-article, kind: article, title: T, publisher: P, file: zz.txt}\n"


def _refused(root: Path, **kwargs: object) -> list:
    with pytest.raises(DataError) as caught:
        load(root, **kwargs)  # type: ignore[arg-type]
    return list(caught.value.problems)


def _deny(path: Path, monkeypatch) -> None:
    """Make ``path`` unreadable: by its mode, and where that does not bind (as root) by refusing to open it."""
    path.chmod(0)
    if os.geteuid() == 0:
        opener = files._open_regular

        def refuse(name: str, flags: int) -> int:
            if Path(name).resolve() == path.resolve():
                raise PermissionError(13, "Permission denied", name)
            return opener(name, flags)

        monkeypatch.setattr(files, "_open_regular", refuse)


def test_an_article_that_is_a_link_loop_is_refused_at_its_source(dataset_copy: Path) -> None:
    (dataset_copy / "seeds" / "zz.txt").symlink_to("zz.txt")
    (dataset_copy / "data" / "zz.yaml").write_text(SOURCE, encoding="utf-8")
    first = _refused(dataset_copy)[0]
    assert (first.file, first.line, first.rule) == ("data/zz.yaml", 2, "source-file-unreadable")


def test_an_unreadable_data_file_is_refused_by_name(dataset_copy: Path, monkeypatch) -> None:
    (dataset_copy / "data" / "zz.yaml").write_text("spells: []\n", encoding="utf-8")
    _deny(dataset_copy / "data" / "zz.yaml", monkeypatch)
    first = _refused(dataset_copy)[0]
    assert (first.file, first.line, first.rule) == ("data/zz.yaml", 1, "file-unreadable")


def test_an_unreadable_article_is_refused_at_its_source(dataset_copy: Path, monkeypatch) -> None:
    (dataset_copy / "seeds" / "zz.txt").write_text("Some text of an article.", encoding="utf-8")
    (dataset_copy / "data" / "zz.yaml").write_text(SOURCE, encoding="utf-8")
    _deny(dataset_copy / "seeds" / "zz.txt", monkeypatch)
    first = _refused(dataset_copy)[0]
    assert (first.file, first.line, first.rule) == ("data/zz.yaml", 2, "source-file-unreadable")


def test_an_unreadable_cache_falls_back_to_the_yaml(dataset_copy: Path, monkeypatch, tmp_path: Path) -> None:
    class Denied(type(Path())):  # type: ignore[misc]
        def _no(self, *args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(self))

        is_file = stat = read_bytes = mkdir = _no

    monkeypatch.setattr(user_cache, "path_for", lambda key, roots: Denied(tmp_path / "denied" / f"dataset-{roots}-{key[:32]}.json"))
    assert load(dataset_copy).version == alliances.load().version
    assert main(["validate", str(dataset_copy)]) == 0


@pytest.mark.parametrize("where", ["directory", "--data", "ALLIANCES_CACHE"])
def test_a_path_too_long_is_a_clear_error_or_no_cache(where: str, monkeypatch, capsys, tmp_path: Path) -> None:
    long = str(tmp_path / ("x" * 300))
    if where == "ALLIANCES_CACHE":
        monkeypatch.setenv("ALLIANCES_CACHE", long)
        assert main(["members", "CSTO", "--on", "2020-01-01"]) == 0  # the cache is optional
        assert "Kazakhstan" in capsys.readouterr().out
        return
    argv = ["validate", long] if where == "directory" else ["members", "CSTO", "--data", long]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "cannot be read" in err and len(err) < 200 and "Traceback" not in err


def test_data_files_that_are_links_out_fifos_or_dangling_are_refused_by_name(dataset_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("spells: []\n", encoding="utf-8")
    data = dataset_copy / "data"
    (data / "zz_out.yaml").symlink_to(outside)
    (data / "zz_dangling.yaml").symlink_to(tmp_path / "nothing.yaml")
    (data / "zz_zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(data / "zz_fifo.yaml")
    (data / "zz_folder").symlink_to(tmp_path)
    (data / "zz_inside.yaml").symlink_to(data / "dataset.yaml")  # a link inside data/ is read
    found = {(p.file, p.line, p.rule) for p in _refused(dataset_copy)}
    assert {("data/zz_out.yaml", 1, "data-path-outside"), ("data/zz_dangling.yaml", 1, "not-a-file"),
            ("data/zz_zero.yaml", 1, "data-path-outside"), ("data/zz_fifo.yaml", 1, "not-a-file"),
            ("data/zz_folder", 1, "not-a-file")} <= found
    assert any(f == "data/zz_inside.yaml" and rule == "duplicate-dataset" for f, _, rule in found)


def test_each_root_reads_its_articles_from_its_own_seeds(dataset_copy: Path, tmp_path: Path, monkeypatch) -> None:
    overlay = tmp_path / "overlay"
    (overlay / "data").mkdir(parents=True)
    (overlay / "seeds").mkdir()
    (overlay / "data" / "sources.yaml").write_text("sources: []\n", encoding="utf-8")  # the base's file name
    text = (dataset_copy / "seeds" / ARTICLE).read_text(encoding="utf-8")
    (overlay / "seeds" / ARTICLE).write_text(text + "\nAn overlay's own sentence.", encoding="utf-8")
    monkeypatch.chdir(overlay)
    ds = load(dataset_copy, extra=["."])
    assert ds.text("yenisafak-lavrov-csto-2026") == text


def _run(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alliances", *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("cache", ["on", "off"])
def test_an_uncited_link_out_of_seeds_is_never_opened(dataset_copy: Path, tmp_path: Path, cache: str, monkeypatch) -> None:
    fifo = tmp_path / "shadow"
    os.mkfifo(fifo)  # opening it for reading would block: the run would time out
    (dataset_copy / "seeds" / "002_shadow.txt").symlink_to(fifo)
    if cache == "off":
        monkeypatch.setenv("ALLIANCES_CACHE", "off")
    assert _run(["validate", str(dataset_copy)]).returncode == 0


@pytest.mark.parametrize("cache", ["on", "off"])
def test_an_uncited_link_to_a_file_outside_is_never_opened(dataset_copy: Path, tmp_path: Path, cache: str,
                                                          monkeypatch) -> None:
    import builtins
    import io

    secret = tmp_path / "shadow"
    secret.write_text("root:secret", encoding="utf-8")
    (dataset_copy / "seeds" / "002_shadow.txt").symlink_to(secret)
    opened: list[Path] = []
    real_open = builtins.open

    def watching(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, Path)):
            opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching)
    monkeypatch.setattr(io, "open", watching)
    if cache == "off":
        monkeypatch.setenv("ALLIANCES_CACHE", "off")
    load(dataset_copy)
    assert secret.resolve() not in opened and opened  # files were opened, never that one


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_huge_uncited_file_in_seeds_is_never_read(dataset_copy: Path, cache: str, monkeypatch) -> None:
    with open(dataset_copy / "seeds" / "huge.txt", "wb") as f:
        f.truncate(3 << 30)  # 3 GB, sparse
    if cache == "off":
        monkeypatch.setenv("ALLIANCES_CACHE", "off")
    script = ("import resource, sys; from alliances import cli; code = cli.main(['validate', sys.argv[1]]); "
              "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", script, str(dataset_copy)], capture_output=True, text=True, timeout=60)
    code, peak_kib = run.stdout.split()[-2:]
    assert code == "0" and int(peak_kib) < 400 * 1024, run.stdout + run.stderr


def test_a_quote_across_a_line_break_matches_and_keeps_the_articles_text(dataset_copy: Path) -> None:
    (dataset_copy / "seeds" / "zz.txt").write_text(
        "The forum, which unites Azerbaijan,\nKazakhstan and  Turkmenistan, met in Baku.", encoding="utf-8")
    (dataset_copy / "data" / "zz.yaml").write_text(SOURCE + """relations:
  - kind: partnership
    subject: AZE
    object: KAZ
    start:
      date: 2020
      citations:
        - source: zz-article
          quote: >-
            unites Azerbaijan, Kazakhstan
            and Turkmenistan
""", encoding="utf-8")
    ds = load(dataset_copy)
    citation = next(r for r in ds.relation_records if r.subject.id == "AZE" and r.object.id == "KAZ").start.citations[0]
    assert citation.quote == "unites Azerbaijan,\nKazakhstan and  Turkmenistan"  # the article's own text
    assert ds.text(citation.source)[citation.start:citation.end] == citation.quote
    again = load(dataset_copy)  # and the compiled form finds it again
    assert next(r for r in again.relation_records if r.subject.id == "AZE").start.citations[0] == citation


def test_a_query_date_in_other_digits_is_refused(capsys) -> None:
    assert main(["members", "CSTO", "--on", "٢٠٢٠-٠١-٠١"]) == 2
    assert main(["members", "CSTO", "--on", "２０２０-０１-０１"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_an_as_of_date_after_today_is_refused(dataset_copy: Path) -> None:
    info = dataset_copy / "data" / "dataset.yaml"
    text = info.read_text(encoding="utf-8")
    info.write_text(re.sub(r"as_of: .*", "as_of: 3026-12-01", text), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "as_of:" in row)
    first = _refused(dataset_copy)[0]
    assert (first.file, first.line, first.rule) == ("data/dataset.yaml", line, "as-of-future")
