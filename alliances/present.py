"""Renderings of result rows: a terminal table, an HTML table, CSV, JSON and a pandas DataFrame.

Rows are plain dicts of strings, numbers, booleans and None; every result type turns itself into
rows (``to_records``) and these functions do the rest, so text, notebook and command line agree.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import AlliancesError

Row = Mapping[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):  # a qualifier: "frozen from 2024-02-22"
        return f"{value.get('kind', '')} from {value.get('start', '')}".strip()
    return str(value)


def _short(value: Any) -> str:
    """A terminal cell: long lists are cut to their first two items and a count."""
    if isinstance(value, (list, tuple)) and len(value) > 2:
        return f"{_cell(value[:2])} +{len(value) - 2}"
    return _cell(value)


def _shown(row: Row) -> list[str]:
    """The columns a reader sees: a date's precision is in its text already ("2014-10")."""
    return [h for h in row if not h.endswith("_precision")]


def text_table(rows: Sequence[Row], title: str = "") -> str:
    """A plain table with aligned columns, for terminals and ``repr``."""
    lines = [title] if title else []
    if not rows:
        return "\n".join([*lines, "(none)"])
    headers = _shown(rows[0])
    cells = [[_short(row.get(h)) for h in headers] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(cell, widths)).rstrip() for cell in cells]
    return "\n".join(lines)


def html_table(rows: Sequence[Row], title: str = "") -> str:
    """An HTML table for notebooks (``_repr_html_``); every value is escaped."""
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    if not rows:
        return f"<table>{caption}<tr><td>(none)</td></tr></table>"
    headers = _shown(rows[0])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(h)))}</td>" for h in headers) + "</tr>"
        for row in rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def csv_text(rows: Sequence[Row], columns: Sequence[str] = ()) -> str:
    """CSV with a header even when there are no rows; booleans as true and false, lists joined by
    "; ", a qualifier as "kind start..end"."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _csv_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v is not None)
    if isinstance(value, (list, tuple)):
        return "; ".join(_csv_cell(v) for v in value)
    return "" if value is None else str(value)


def json_text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


# -- DataFrames (pandas is an optional extra) ---------------------------------------------------

_DATES = ("since", "start", "end", "date", "founded", "dissolved", "established", "published", "on")


def pandas() -> Any:
    try:
        import pandas as module
    except ImportError:
        raise AlliancesError("DataFrames need pandas: pip install 'alliances[pandas]'") from None
    return module


def dataframe(rows: Sequence[Row], columns: Sequence[str] = ()) -> Any:
    """Rows as a DataFrame: date columns as timestamps (the earliest day), the rest as given."""
    pd = pandas()
    frame = pd.DataFrame(list(rows), columns=list(rows[0]) if rows else list(columns))
    for column in frame.columns:
        if column in _DATES or column.endswith(("_start", "_end")):
            frame[column] = pd.to_datetime(frame[column].map(_earliest), errors="coerce")
    return frame


def _earliest(value: Any) -> Any:
    """The first day a partial date could be, as ISO text ("2014-10" -> "2014-10-01")."""
    if not isinstance(value, str) or not value:
        return None
    parts = value.split("-")
    return "-".join([*parts, *["01"] * (3 - len(parts))])


def parquet_bytes(rows: Sequence[Row], columns: Sequence[str] = ()) -> bytes:
    """Rows as a Parquet file (needs ``pip install 'alliances[parquet]'``)."""
    try:
        import pyarrow  # noqa: F401  # checked here so the message names the extra
    except ImportError:
        raise AlliancesError("Parquet needs pyarrow: pip install 'alliances[parquet]'") from None
    out = io.BytesIO()
    dataframe(rows, columns).to_parquet(out, index=False)
    return out.getvalue()
