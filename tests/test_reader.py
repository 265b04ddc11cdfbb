"""The strict YAML reader: values stay as written, dangerous or ambiguous YAML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alliances import files, reader
from alliances.reader import ReadError, read_text

LOADERS = [pytest.param(yaml.SafeLoader, id="pure-python")]
if getattr(yaml, "CSafeLoader", None):
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    monkeypatch.setattr(reader, "_Loader", request.param)
    return request.param


@pytest.mark.parametrize("scalar", ["NO", "no", "ON", "YES", "off", "1:20", "0777", "1e3", "6.02e+23",
                                    "2009-10-03", "2019", "true", "0x1F", ".inf"])
def test_scalars_stay_strings(loader, scalar: str) -> None:
    assert read_text(f"code: {scalar}\n").data == {"code": scalar}


def test_country_codes_in_a_list_stay_codes(loader) -> None:
    assert read_text("codes: [NO, SE, DK]\n").data == {"codes": ["NO", "SE", "DK"]}


@pytest.mark.parametrize("text", ["a: ~\n", "a: null\n", "a:\n"])
def test_plain_null_is_none(loader, text: str) -> None:
    assert read_text(text).data == {"a": None}


def test_quoted_null_is_a_string(loader) -> None:
    assert read_text("a: 'null'\n").data == {"a": "null"}


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
        ("a: &x [1]\n", "yaml-anchor", 1),
        ("a: [1]\nb: *x\n", "yaml-alias", 2),
        ("a: !!python/name:os.system x\n", "yaml-tag", 1),
        ("a: !custom x\n", "yaml-tag", 1),
        ("? [1, 2]\n: x\n", "yaml-key", 1),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2),
        ("a: [1\n", "yaml-syntax", 2),
    ],
)
def test_refused_yaml(loader, text: str, rule: str, line: int) -> None:
    with pytest.raises(ReadError) as caught:
        read_text(text, "f.yaml")
    assert (caught.value.problem.rule, caught.value.problem.line) == (rule, line)


def test_an_alias_bomb_fails_fast(loader) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(ReadError) as caught:
        read_text(bomb)
    assert (caught.value.problem.rule, caught.value.problem.line) == ("yaml-anchor", 1)  # before any expansion


def test_both_loaders_place_a_too_deep_file_at_the_same_spot() -> None:
    text = "a:\n  b: " + "[" * 100_000 + "]" * 100_000
    verdicts = set()
    for loader in [p.values[0] for p in LOADERS]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(reader, "_Loader", loader)
            with pytest.raises(ReadError) as caught:
                read_text(text)
        problem = caught.value.problem
        verdicts.add((problem.rule, problem.line, problem.column))
    assert verdicts == {("too-deep", 2, 6 + reader.MAX_DEPTH - 2)}


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "a:\n" + "".join(" " * i + "- \n" for i in range(2000))])
def test_deep_nesting_is_refused(loader, text: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_text(text)
    assert caught.value.problem.rule == "too-deep"


def test_bytes_that_are_not_utf8_are_refused(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: T\xfcrkiye\n".encode("latin-1"))
    with pytest.raises(ReadError) as caught:
        reader.read_file(path, "latin1.yaml")
    assert (caught.value.problem.rule, caught.value.problem.line) == ("not-utf8", 2)


def test_nul_is_refused(tmp_path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\n")
    with pytest.raises(ReadError) as caught:
        reader.read_file(path)
    assert (caught.value.problem.rule, caught.value.problem.line) == ("nul-character", 2)


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 100)  # the one limit every reader keeps
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    with pytest.raises(ReadError) as caught:
        reader.read_file(path)
    assert caught.value.problem.rule == "too-large"


def test_positions_point_at_values(loader) -> None:
    document = read_text("spells:\n  - member: KAZ\n    role: member\n")
    assert document.mark(("spells", 0, "role")) == reader.Mark(3, 11)
    assert document.mark(("spells", 0, "missing")) == reader.Mark(2, 5)



def _read_after_growing(tmp_path, monkeypatch) -> tuple[Path, bytes]:
    """Read a file whose size, when taken, was 10 bytes: it grew before it was read."""
    import os

    path = tmp_path / "grew.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    real = os.fstat

    def smaller(descriptor: int) -> os.stat_result:
        found = real(descriptor)
        return os.stat_result((*found[:6], 10, *found[7:10]))

    with monkeypatch.context() as patched:
        patched.setattr(os, "fstat", smaller)
        return path, files.read_bounded(path, "grew.yaml")


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(tmp_path, monkeypatch) -> None:
    path, raw = _read_after_growing(tmp_path, monkeypatch)
    assert raw == path.read_bytes()


def test_a_file_that_grew_past_the_limit_after_its_size_was_taken_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    with pytest.raises(ReadError) as caught:
        _read_after_growing(tmp_path, monkeypatch)
    assert caught.value.problem.rule == "too-large"
