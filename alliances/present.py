"""Renderings of result rows: a terminal table, an HTML table, CSV, JSON and a pandas DataFrame.

Rows are plain dicts of strings, numbers, booleans and None; every result type turns itself into
rows (``to_records``) and these functions do the rest, so text, notebook and command line agree.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import AlliancesError

Row = Mapping[str, Any]


def escape(text: str, quote: bool = True) -> str:
    """``html.escape``, without importing the html package (and its table of entities) at start-up."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


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


def text_table(rows: Sequence[Row], title: str = "", limit: int | None = None) -> str:
    """A plain table with aligned columns, for terminals and ``repr``: every row, or the first
    ``limit`` and a count of the rest."""
    lines = [title] if title else []
    if not rows:
        return "\n".join([*lines, "(none)"])
    headers = _shown(rows[0])
    more = len(rows) - limit if limit is not None and len(rows) > limit else 0
    cells = [[_short(row.get(h)) for h in headers] for row in (rows[:limit] if more else rows)]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(cell, widths)).rstrip() for cell in cells]
    if more:
        lines.append(f"… {more} more (all of them: to_records(), or --format csv)")
    return "\n".join(lines)


# -- HTML for notebooks ----------------------------------------------------------------------------
# Inline styles, not a stylesheet: notebook front ends keep a style attribute where they may drop a
# <style> element. Text is left-aligned, dates never wrap, and each source is a short link whose
# tooltip gives its title, publisher, date and, for an article, the quote.

_TABLE = 'style="border-collapse:collapse;font-size:0.9em;text-align:left"'
_CELL = 'style="text-align:left;white-space:nowrap;padding:1px 8px;vertical-align:top"'
_HEAD = 'style="text-align:left;white-space:nowrap;padding:1px 8px;border-bottom:1px solid #999"'
_MARKS = {"frozen": ("†", "frozen, suspended or partial"), "imprecise": ("≈", "rests on a date known only to the month or year")}
SHOWN = 100  # rows shown in full; the rest are counted


def html_table(rows: Sequence[Row], title: str = "", citations: Sequence[Sequence[Any]] = (),
               notes: Sequence[str] = (), limit: int = SHOWN) -> str:
    """An answer as an HTML table: one row per fact, sources as links, marks with their legend."""
    caption = f'<caption style="text-align:left;font-weight:bold">{escape(title)}</caption>' if title else ""
    if not rows:
        return f"<table {_TABLE}>{caption}<tr><td {_CELL}>(none)</td></tr></table>{_notes(notes)}"
    headers = [h for h in _shown(rows[0]) if h != "sources"]
    marks = [m for m in _MARKS if m in headers and any(row.get(m) for row in rows[:limit])]
    headers = [h for h in headers if h not in _MARKS]
    head = "".join(f"<th {_HEAD}>{escape(h)}</th>" for h in headers)
    head += f"<th {_HEAD}></th>" if marks else ""
    head += f"<th {_HEAD}>sources</th>" if "sources" in rows[0] else ""
    body = []
    for n, row in enumerate(rows[:limit]):
        cells = "".join(f"<td {_CELL}>{escape(_cell(row.get(h)))}</td>" for h in headers)
        if marks:
            shown = " ".join(_MARKS[m][0] for m in marks if row.get(m))
            cells += f'<td {_CELL} title="{escape(_legend(marks, row))}">{shown}</td>'
        if "sources" in row:
            cells += f"<td {_CELL}>{source_links(citations[n] if n < len(citations) else ())}</td>"
        body.append(f"<tr>{cells}</tr>")
    more = f'<p style="margin:2px 0">… {len(rows) - limit} more</p>' if len(rows) > limit else ""
    legend = " · ".join(f"{_MARKS[m][0]} {_MARKS[m][1]}" for m in marks)
    legend_html = f'<p style="margin:2px 0;font-size:0.85em;color:#555">{escape(legend)}</p>' if legend else ""
    return f"<table {_TABLE}>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}{legend_html}{_notes(notes)}"


def _legend(marks: Sequence[str], row: Row) -> str:
    return "; ".join(_MARKS[m][1] for m in marks if row.get(m))


def _notes(notes: Sequence[str]) -> str:
    return "".join(f'<p style="margin:2px 0;font-size:0.85em">note: {escape(n)}</p>' for n in notes)


def source_links(citations: Sequence[Any], width: int = 28, shown: int = 3) -> str:
    """Each source once, as a short label linking to its address, with its details on hover; past
    ``shown`` of them, a count whose hover names the rest."""
    seen: dict[str, Any] = {}
    for citation in citations:
        seen.setdefault(citation.source.id, citation)
    links = []
    rest = list(seen)[shown:]
    for key, citation in list(seen.items())[:shown]:
        source = citation.source
        label = escape(key if len(key) <= width else key[: width - 1] + "…")
        dated = f", {source.published}" if source.published else ""
        hover = f"{source.title} — {source.publisher}{dated}"
        if citation.quote:
            hover += f"\n“{citation.quote}”"
        elif citation.locator:
            hover += f"\n{citation.locator}"
        tip = escape(hover, quote=True)
        links.append(f'<a href="{escape(source.url, quote=True)}" title="{tip}">{label}</a>' if source.url
                     else f'<span title="{tip}">{label}</span>')
    if rest:
        links.append(f'<span title="{escape(", ".join(rest), quote=True)}">+{len(rest)} more</span>')
    return ", ".join(links)


def html_card(title: str, fields: Sequence[tuple[str, Any]]) -> str:
    """A small card for one record: its name, then its fields (those it has)."""
    rows = "".join(f"<tr><th {_HEAD}>{escape(k)}</th><td {_CELL}>{escape(_cell(v))}</td></tr>"
                   for k, v in fields if v not in (None, "", (), []))
    return f'<table {_TABLE}><caption style="text-align:left;font-weight:bold">{escape(title)}</caption>{rows}</table>'


def html_explanation(title: str, lines: Sequence[tuple[str, Sequence[Any]]], notes: Sequence[str],
                     texts: Mapping[str, str], sentence: Any) -> str:
    """An explanation: each line with its citations; an article's quote highlighted in its sentence."""
    out = [f"<p><b>{escape(title)}</b></p>"] if title else []
    for line, cited in lines:
        items = "".join(f"<li>{_cited(c, texts, sentence)}</li>" for c in cited)
        out.append(f"<p style=\"margin:6px 0 0 0\">{escape(line)}</p><ul style=\"margin:0\">{items}</ul>")
    return "".join(out) + _notes(notes)


def _cited(citation: Any, texts: Mapping[str, str], sentence: Any) -> str:
    link = source_links([citation], width=60)
    text = texts.get(citation.source.id)
    if citation.quote and text is not None and citation.start is not None:
        first, last = sentence(text, citation.start, citation.end)
        before, quote, after = text[first:citation.start], text[citation.start:citation.end], text[citation.end:last]
        return (f"{link}: …{escape(before)}<mark>{escape(quote)}</mark>{escape(after)}…")
    where = f": {escape(citation.locator)}" if citation.locator else ""
    return f"{link}{where}"


def csv_text(rows: Sequence[Row], columns: Sequence[str] = ()) -> str:
    """CSV with a header even when there are no rows; booleans as true and false, lists joined by
    "; ", a qualifier as "kind start..end"."""
    out = io.StringIO()
    import csv  # only for CSV

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
