"""Pictures of the data: an entity's spells over time, and who belongs to which organization.

``timeline(org_or_state)`` draws one bar per spell; ``overlap(orgs, on=None)`` a matrix of
members by organizations on one day. Both return a matplotlib ``Figure`` and draw into ``ax`` when
one is given. matplotlib is an optional extra (``pip install 'alliances[plot]'``); it is imported
only when a picture is drawn, so ``import alliances`` stays light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from . import api
from .dataset import Dataset
from .dates import DateLike, to_date
from .entities import Entity, Organization
from .errors import AlliancesError, NotCoveredError
from .facts import Event
from .membership import RoleLike, to_role
from .spells import Spell
from .vocabulary import QualifierKind, Role

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe-Ito colours, told apart by readers with any common colour blindness.
ROLE_COLORS = {
    Role.MEMBER: "#0b5394",
    Role.OBSERVER: "#e69f00",
    Role.ASSOCIATE: "#009e73",
    Role.PARTNER: "#56b4e9",
    Role.DIALOGUE_PARTNER: "#cc79a7",
    Role.PARTICIPANT: "#8c8c8c",
    Role.CANDIDATE: "#d55e00",
}
QUALIFIER_HATCHES = {QualifierKind.FROZEN: "////", QualifierKind.SUSPENDED: "xxxx", QualifierKind.PARTIAL: "...."}
EVENT_MARKERS = {"summit": "D", "meeting": "o", "signing": "s", "entry-into-force": "^", "decision": "P",
                 "statement": "v"}
_FADE_STEPS = 12


def _matplotlib() -> Any:
    """matplotlib's pyplot, or an AlliancesError that names the extra to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise AlliancesError("drawing needs matplotlib: pip install 'alliances[plot]'") from exc
    return plt


def _axes(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes, bool]:
    plt = _matplotlib()
    if ax is not None:
        return cast("Figure", ax.figure), ax, False
    fig, made = plt.subplots(figsize=(width, height))
    return fig, made, True


# -- timeline -------------------------------------------------------------------------------------


def timeline(org_or_state: str | Entity, *, role: RoleLike | None = None, events: bool = True,
             ax: Axes | None = None, dataset: Dataset | None = None) -> Figure:
    """One bar per membership spell over time: a state's spells, one row per organization, or an
    organization's, one row per member.

    Colours tell the roles apart; frozen, suspended and partial spans are hatched; a date known
    only to the month or year fades over the days it could be; a spell still running at the
    data's as-of date ends in an arrow; events (summits, signings, statements) are marks on the
    row they concern. ``role`` keeps one role; ``events=False`` leaves the marks out.
    """
    ds = dataset if dataset is not None else api.load()
    subject = ds.resolve(org_or_state)
    by_org = isinstance(subject, Organization)
    spells = [s for s in ds.spells if s.organization.id == subject.id] if by_org else list(ds.memberships(subject).spells)
    if role is not None:
        wanted = to_role(role)
        spells = [s for s in spells if s.role is wanted]
    if not spells:
        raise AlliancesError(f"no spells to draw for {subject.name}" + (f" as {role}" if role else ""))
    rows, labels = _rows(spells, by_org)
    placed = _place_events(ds.events, subject, rows) if events else []
    if any(y is None for _e, y in placed):  # an event of no one row: a row of its own, on top
        rows = {key: y + 1 for key, y in rows.items()}
        labels = [f"{cast(Organization, subject).abbreviation} as a whole" if by_org else "other events", *labels]
    as_of = ds.info.as_of.latest()
    fig, axes, made = _axes(ax, 11, 1.3 + 0.36 * len(labels))
    import matplotlib.dates

    mdates: Any = matplotlib.dates
    first = min(s.start.date.earliest() for s in spells)
    span = max((as_of - first).days, 1)
    for spell in spells:
        _draw_spell(axes, mdates, spell, rows[_row_key(spell, by_org)], as_of, span)
    marked = _draw_events(axes, mdates, [(e, 0 if y is None else rows[y]) for e, y in placed])
    axes.set_yticks(range(len(labels)), labels)
    axes.set_ylim(len(labels) - 0.4, -0.6)
    axes.set_xlim(mdates.date2num(first - dt.timedelta(days=span // 60)),
                  mdates.date2num(as_of + dt.timedelta(days=span // 25)))
    axes.xaxis_date()
    axes.axvline(mdates.date2num(as_of), color="#555555", linestyle=":", linewidth=1)
    axes.annotate(f"data as of {as_of}", (mdates.date2num(as_of), 1.0), xycoords=("data", "axes fraction"),
                  xytext=(-3, 3), textcoords="offset points", ha="right", va="bottom", fontsize=8, color="#555555")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    kind = "members" if by_org else "memberships"
    axes.set_title(f"{subject.name}: {kind} over time", loc="left", fontsize=12)
    _legend(axes, {s.role for s in spells}, {q.kind for s in spells for q in s.qualifiers},
            imprecise=any(not s.start.date.exact or (s.end and not s.end.date.exact) for s in spells),
            running=any(s.end is None for s in spells), events=marked)
    if made:
        fig.tight_layout()
    return fig


def _row_key(spell: Spell, by_org: bool) -> str:
    return spell.member.id if by_org else spell.organization.id


def _rows(spells: Sequence[Spell], by_org: bool) -> tuple[dict[str, int], list[str]]:
    """Row numbers, the earliest start first: a member's spells share its row, so a gap shows."""
    firsts: dict[str, tuple[dt.date, str]] = {}
    for spell in spells:
        key = _row_key(spell, by_org)
        label = spell.member.name if by_org else spell.organization.abbreviation
        if key not in firsts or spell.start.date.earliest() < firsts[key][0]:
            firsts[key] = (spell.start.date.earliest(), label)
    order = sorted(firsts, key=lambda k: (firsts[k][0], firsts[k][1]))
    return {key: i for i, key in enumerate(order)}, [firsts[k][1] for k in order]


def _draw_spell(axes: Axes, mdates: Any, spell: Spell, y: int, as_of: dt.date, span: int) -> None:
    color = ROLE_COLORS[spell.role]
    height = 0.62
    start, end = spell.start.date, spell.end.date if spell.end else None
    least = span / 70  # a month on a chart of decades is widened about its middle to this, so it can be seen
    x0 = mdates.date2num(start.earliest())
    x1 = mdates.date2num(end.latest() + dt.timedelta(days=1)) if end else mdates.date2num(as_of)
    if not start.exact:
        first, last = _edge(mdates, start.earliest(), start.latest(), least)
        _fade(axes, first, last, y, height, color, rising=True)
        x0 = last
    if end is not None and not end.exact:
        first, last = _edge(mdates, end.earliest(), end.latest(), least)
        _fade(axes, first, last, y, height, color, rising=False)
        x1 = first
    x1 = max(x1, x0 + max(span / 500, 1))  # a one-day spell stays visible
    axes.barh(y, x1 - x0, left=x0, height=height, color=color, linewidth=0,
              gid=f"spell {spell.member.id} {spell.organization.id} {spell.role.value} {spell.start.date}")
    if end is None:
        axes.plot([x1], [y], marker=">", color=color, markersize=6, clip_on=False)
    for q in spell.qualifiers:
        q_from = q.start.date.earliest()
        q_to = q.end.date.latest() if q.end else (end.latest() if end else as_of)
        axes.barh(y, mdates.date2num(q_to) - mdates.date2num(q_from), left=mdates.date2num(q_from), height=height,
                  color="white", alpha=0.55, edgecolor="#222222", hatch=QUALIFIER_HATCHES[q.kind], linewidth=0)


def _edge(mdates: Any, first: dt.date, last: dt.date, least: float) -> tuple[float, float]:
    """Where an imprecise date is drawn: the days it could be, or at least ``least`` days about their middle."""
    x0, x1 = mdates.date2num(first), mdates.date2num(last + dt.timedelta(days=1))
    if x1 - x0 < least:
        middle = (x0 + x1) / 2
        x0, x1 = middle - least / 2, middle + least / 2
    return x0, x1


def _fade(axes: Axes, x0: float, x1: float, y: int, height: float, color: str, rising: bool) -> None:
    """The days an imprecise date could be, drawn as a bar that fades towards the unlikely end."""
    step = (x1 - x0) / _FADE_STEPS
    for i in range(_FADE_STEPS):
        strength = (i + 0.5) / _FADE_STEPS
        alpha = 0.9 * (strength if rising else 1 - strength)
        axes.barh(y, step, left=x0 + i * step, height=height, color=color, alpha=alpha, linewidth=0)


def _place_events(events: Iterable[Event], subject: Entity, rows: dict[str, int]) -> list[tuple[Event, str | None]]:
    """Each event that names the subject, with the one row it concerns (None: several or none)."""
    placed: list[tuple[Event, str | None]] = []
    for event in events:
        ids = [p.id for p in event.participants]
        if subject.id in ids:
            on_rows = [i for i in ids if i in rows and i != subject.id]
            placed.append((event, on_rows[0] if len(on_rows) == 1 else None))
    return placed


def _draw_events(axes: Axes, mdates: Any, placed: Iterable[tuple[Event, int]]) -> set[str]:
    kinds: set[str] = set()
    for event, y in placed:
        day = event.date.earliest() + (event.date.latest() - event.date.earliest()) / 2
        axes.plot([mdates.date2num(day)], [y], marker=EVENT_MARKERS.get(event.kind.value, "o"), markersize=6,
                  markerfacecolor="white", markeredgecolor="#111111", markeredgewidth=1.1, linestyle="none", zorder=5)
        kinds.add(event.kind.value)
    return kinds


def _legend(axes: Axes, roles: set[Role], qualifiers: set[QualifierKind], imprecise: bool, running: bool,
            events: set[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(color=ROLE_COLORS[r], label=r.value) for r in Role if r in roles]
    handles += [Patch(facecolor="#9db3cc", edgecolor="#222222", hatch=QUALIFIER_HATCHES[q], linewidth=0, label=q.value)
                for q in QualifierKind if q in qualifiers]
    handler_map: dict[Any, Any] = {}
    if imprecise:
        fading = Patch(label="date known only to the\nmonth or year: fades over\nthe days it could be")
        handles.append(fading)
        handler_map[fading] = _FadeHandler()
    if running:
        handles.append(Line2D([], [], marker=">", color="#0b5394", linestyle="none", label="still running"))
    handles += [Line2D([], [], marker=EVENT_MARKERS.get(k, "o"), markerfacecolor="white", markeredgecolor="#111111",
                       linestyle="none", label=k.replace("-", " ")) for k in EVENT_MARKERS if k in events]
    axes.legend(handles=handles, handler_map=handler_map, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                fontsize=8)


class _FadeHandler:
    """Draws a legend key as a member bar that fades out, like an imprecise end."""

    def legend_artist(self, legend: Any, orig_handle: Any, fontsize: float, handlebox: Any) -> Any:
        from matplotlib.patches import Rectangle

        width, height = handlebox.width, handlebox.height
        first = None
        for i in range(_FADE_STEPS):
            piece = Rectangle((handlebox.xdescent + i * width / _FADE_STEPS, handlebox.ydescent), width / _FADE_STEPS,
                              height, color=ROLE_COLORS[Role.MEMBER], alpha=0.9 * (1 - (i + 0.5) / _FADE_STEPS),
                              linewidth=0, transform=handlebox.get_transform())
            handlebox.add_artist(piece)
            first = first or piece
        return first


# -- overlap --------------------------------------------------------------------------------------


def overlap(orgs: Sequence[str | Organization] | str, on: DateLike | None = None, *, ax: Axes | None = None,
            dataset: Dataset | None = None) -> Figure:
    """Who belongs to which of ``orgs`` on one day (default: today): a matrix of members (rows,
    those in the most organizations first) by organizations (columns).

    A filled cell is a spell in the role its colour gives; a hatched one holds under a standing
    condition (frozen, suspended, partial); a "~" marks a cell that rests on a date known only to
    the month or year. Raises :class:`~alliances.errors.NotCoveredError` for an organization whose
    data does not record that day.
    """
    ds = dataset if dataset is not None else api.load()
    names = [orgs] if isinstance(orgs, str) else list(orgs)
    organizations = list(dict.fromkeys(ds.organization(o) for o in names))
    if not organizations:
        raise AlliancesError("name at least one organization")
    day = to_date(on)
    cells: dict[str, dict[str, tuple[Role, bool, bool]]] = {}
    entities: dict[str, Entity] = {}
    for org in organizations:
        for role, standings in _standings(ds, org, day):
            for entity, frozen, imprecise in standings:
                entities[entity.id] = entity
                cells.setdefault(entity.id, {}).setdefault(org.id, (role, frozen, imprecise))
    order = sorted(cells, key=lambda i: (-len(cells[i]), -sum(r is Role.MEMBER for r, _f, _p in cells[i].values()),
                                         entities[i].name))
    fig, axes, made = _axes(ax, 1.6 + 0.75 * len(organizations) + 2.2, 1.4 + 0.3 * max(len(order), 1))
    from matplotlib.patches import Rectangle

    for y, entity_id in enumerate(order):
        if y % 2 == 0:
            axes.add_patch(Rectangle((-0.5, y - 0.5), len(organizations), 1, color="#f3f3f3", linewidth=0, zorder=0))
        for x, org in enumerate(organizations):
            if org.id not in cells[entity_id]:
                continue
            role, frozen, imprecise = cells[entity_id][org.id]
            axes.add_patch(Rectangle((x - 0.4, y - 0.38), 0.8, 0.76, facecolor=ROLE_COLORS[role], linewidth=0, zorder=1))
            if frozen:
                axes.add_patch(Rectangle((x - 0.4, y - 0.38), 0.8, 0.76, facecolor="none", edgecolor="white",
                                         hatch="////", linewidth=0, zorder=2))
            if imprecise:
                axes.text(x, y, "~", ha="center", va="center", color="white", fontsize=11, fontweight="bold", zorder=3)
    axes.set_xlim(-0.5, len(organizations) - 0.5)
    axes.set_ylim(max(len(order), 1) - 0.5, -0.5)
    if not order:
        axes.text((len(organizations) - 1) / 2, 0, "nobody", ha="center", va="center", color="#666666")
    axes.set_xticks(range(len(organizations)), [o.abbreviation for o in organizations])
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(order)), [entities[i].name for i in order])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    counts = [sum(org.id in cells[i] for i in order) for org in organizations]
    for x, count in enumerate(counts):
        axes.annotate(str(count), (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 18), textcoords="offset points",
                      ha="center", fontsize=7, color="#666666")
    axes.annotate("in each:", (-0.5, 1.0), xycoords=("data", "axes fraction"), xytext=(-4, 18), textcoords="offset points",
                  ha="right", fontsize=7, color="#666666")
    axes.set_title(f"Who belongs to which, on {day}", loc="left", fontsize=12, pad=34)
    roles = {r for row in cells.values() for r, _f, _p in row.values()}
    _matrix_legend(axes, roles, any(f for row in cells.values() for _r, f, _p in row.values()),
                   any(p for row in cells.values() for _r, _f, p in row.values()))
    if made:
        fig.tight_layout()
    return fig


def _standings(ds: Dataset, org: Organization, day: dt.date) -> list[tuple[Role, list[tuple[Entity, bool, bool]]]]:
    """For each role the data records for ``org`` on ``day``: (entity, frozen, imprecise) of its holders."""
    found = []
    for role in Role:
        try:
            answer = ds.members(org, on=day, role=role)
        except NotCoveredError:
            continue
        standings = [answer.standing(e) for e in answer]
        found.append((role, [(s.entity, s.frozen, s.imprecise) for s in standings]))
    if not found:
        ds.members(org, on=day)  # raises the NotCoveredError that says what is recorded
    return found


def _matrix_legend(axes: Axes, roles: set[Role], frozen: bool, imprecise: bool) -> None:
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(color=ROLE_COLORS[r], label=r.value) for r in Role if r in roles]
    if frozen:
        handles.append(Patch(facecolor="#0b5394", edgecolor="white", hatch="////", linewidth=0,
                             label="frozen, suspended\nor partial"))
    if imprecise:
        handles.append(Patch(color="white", label="~ rests on a date known\n   only to month or year"))
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)


def save(chart: str, names: Sequence[str], output: str, on: DateLike | None = None, dataset: Dataset | None = None) -> int:
    """Draw ``timeline`` (of one name) or ``overlap`` (of the names) and write it to ``output``:
    the command line's ``alliances plot``. The file's suffix gives the format (png, svg, pdf)."""
    if chart == "timeline":
        if len(names) != 1 or on is not None:
            raise AlliancesError("a timeline is of one state or organization, over all its time (no --on)")
        fig = timeline(names[0], dataset=dataset)
    else:
        fig = overlap(names, on=on, dataset=dataset)
    fig.savefig(output, dpi=150, bbox_inches="tight")
    _matplotlib().close(fig)
    return 0
