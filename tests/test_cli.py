"""The command line: each command, each format, and errors on stderr with a non-zero exit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import pytest

from alliances import load
from alliances.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_overlap_text(capsys) -> None:
    # today by default: after the data's as-of date a note on stderr says so, and only then
    as_of = dt.date.fromisoformat(load().as_of)
    code, out, err = run(capsys, "overlap", "CSTO", "OTS")
    assert code == 0 and err == ("" if dt.date.today() <= as_of else f"alliances: note: the data is as of {as_of}\n")
    assert "Kazakhstan" in out and "Kyrgyzstan" in out and "Russia" not in out
    code, out, err = run(capsys, "overlap", "CSTO", "OTS", "--on", as_of.isoformat())
    assert code == 0 and err == "" and "Kazakhstan" in out


def test_members_json_on_a_date(capsys) -> None:
    code, out, _ = run(capsys, "members", "CSTO", "--on", "2010-06-01", "--format", "json")
    payload = json.loads(out)
    assert code == 0
    assert "UZB" in {row["id"] for row in payload["results"]}
    assert any(c["quote"] for c in payload["citations"])


def test_memberships_csv(capsys) -> None:
    code, out, _ = run(capsys, "memberships", "Kyrgyz Republic", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {"CSTO", "OTS", "SCO", "CIS", "EAEU", "UN"} <= {r["organization"] for r in rows}
    assert {r["member"] for r in rows} == {"KGZ"}


def test_history_explain_lists_citations(capsys) -> None:
    code, out, _ = run(capsys, "history", "UZB", "--explain")
    assert code == 0 and "2012-12-19" in out and "[tass-uzbekistan-suspended-2012]" in out


def test_observers_and_overlap_periods(capsys) -> None:
    assert "Hungary" in run(capsys, "members", "OTS", "--role", "observer")[1]
    assert "2009-10-03" in run(capsys, "overlap-periods", "CSTO", "OTS")[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["members", "Atlantis"], "no state, organization, person or region is known as 'Atlantis'"),
        (["members", "Russia"], "is a state, not an organization"),
        (["members", "CSTO", "--on", "2010-13-01"], "month 13 does not exist"),
        (["members", "CSTO", "--role", "ally"], "unknown role 'ally'"),
    ],
)
def test_errors_go_to_stderr_with_exit_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err


def test_validate_bundled(capsys) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json")
    assert code == 0 and json.loads(out)["valid"] is True


def test_validate_reports_every_problem_as_json(capsys, with_file) -> None:
    root = with_file("zz.yaml", "spells:\n  - {member: NOWHERE}\nstates: 3\n")
    code, out, _ = run(capsys, "validate", str(root), "--format", "json")
    problems = json.loads(out)["problems"]
    assert code == 1
    assert {(p["file"], p["line"], p["rule"]) for p in problems} >= {("data/zz.yaml", 3, "section-shape"),
                                                                     ("data/zz.yaml", 2, "unknown-reference")}


def test_python_dash_m_works() -> None:
    done = subprocess.run([sys.executable, "-m", "alliances", "overlap", "CSTO", "OTS", "--format", "csv"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("id,name")
