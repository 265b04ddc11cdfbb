"""The pictures: a Figure comes back, one bar per spell, an ``ax`` is drawn into, the command line
writes the file, and a missing matplotlib is an AlliancesError naming the extra."""

from __future__ import annotations

import builtins
import datetime as dt

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import alliances  # noqa: E402
from alliances import plot  # noqa: E402
from alliances.cli import main  # noqa: E402


def _spell_bars(fig: Figure) -> list[str]:
    return sorted(p.get_gid() for ax in fig.axes for p in ax.patches if (p.get_gid() or "").startswith("spell "))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_uzbekistan_has_one_bar_per_spell_and_its_csto_gap() -> None:
    fig = alliances.plot.timeline("UZB")
    assert isinstance(fig, Figure)
    spells = alliances.memberships("UZB").spells
    bars = _spell_bars(fig)
    assert len(bars) == len(spells)
    assert [b for b in bars if " CSTO " in b] == ["spell UZB CSTO member 1992-05-15", "spell UZB CSTO member 2006-08-16"]
    assert [b for b in bars if " OTS " in b] == ["spell UZB OTS member 2019-09-14"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels.count("CSTO") == 1  # both CSTO spells on one row: the gap between them shows
    csto = sorted((p for p in fig.axes[0].patches if " CSTO " in (p.get_gid() or "")), key=lambda p: p.get_x())
    assert csto[0].get_x() + csto[0].get_width() < csto[1].get_x()


def test_an_organization_timeline_has_a_row_per_member() -> None:
    fig = plot.timeline("CSTO", role="member")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Uzbekistan" in labels and "Armenia" in labels
    assert "CSTO as a whole" in labels  # the treaty's signings and entries into force
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "frozen" in legend and "still running" in legend


def test_a_given_ax_is_drawn_into() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    assert plot.timeline("UZB", ax=left) is fig
    assert plot.overlap(["CSTO", "OTS"], on="2024-01-01", ax=right) is fig
    assert _spell_bars(fig) and right.patches
    assert len(fig.axes) == 2


def test_overlap_is_a_matrix_of_members_by_organizations() -> None:
    fig = plot.overlap(["CSTO", "OTS", "SCO"], on=dt.date(2024, 1, 1))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["CSTO", "OTS", "SCO"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[:2] == ["Kazakhstan", "Kyrgyzstan"]  # in all three: first
    assert "Armenia" in rows and "Hungary" in rows  # a frozen member, an observer


def test_overlap_refuses_a_day_outside_the_coverage() -> None:
    with pytest.raises(alliances.NotCoveredError):
        plot.overlap(["CICA"], on="1995-01-01")  # recorded from 2002


@pytest.mark.parametrize("argv, name", [
    (["timeline", "CSTO"], "csto.png"),
    (["overlap", "CSTO", "OTS", "SCO"], "m.svg"),
])
def test_the_command_line_writes_the_file(tmp_path, capsys, argv: list[str], name: str) -> None:
    out = tmp_path / name
    assert main(["plot", *argv, "-o", str(out)]) == 0
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if name.endswith(".png") else b"<svg" in out.read_bytes()[:2000]
    assert capsys.readouterr().err == ""


def test_the_command_line_refuses_two_names_for_a_timeline(tmp_path, capsys) -> None:
    assert main(["plot", "timeline", "CSTO", "OTS", "-o", str(tmp_path / "x.png")]) == 2
    assert "one state or organization" in capsys.readouterr().err


def test_without_matplotlib_the_error_names_the_extra(monkeypatch) -> None:
    real = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(alliances.AlliancesError, match=r"alliances\[plot\]"):
        plot.timeline("UZB")
