"""Renderings of result rows: a terminal table, an HTML table, CSV and JSON.

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

Row = Mapping[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _short(value: Any) -> str:
    """A terminal cell: long lists are cut to their first two items and a count."""
    if isinstance(value, (list, tuple)) and len(value) > 2:
        return f"{_cell(value[:2])} +{len(value) - 2}"
    return _cell(value)


def text_table(rows: Sequence[Row], title: str = "") -> str:
    """A plain table with aligned columns, for terminals and ``repr``."""
    lines = [title] if title else []
    if not rows:
        return "\n".join([*lines, "(none)"])
    headers = list(rows[0])
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
    headers = list(rows[0])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(h)))}</td>" for h in headers) + "</tr>"
        for row in rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def csv_text(rows: Sequence[Row]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def json_text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)
