"""The printable summary of a sitting: one self-contained, print-friendly HTML page.

Design decisions:
- HTML rather than PDF: every browser prints it, it needs no extra package, and the file
  is small. It holds no script, no external style sheet, font or image: it opens offline
  and fetches nothing.
- Every value is escaped with `html.escape` (quotes too), whoever typed it: a name such as
  `<script>` or a decline reason with `&` prints as typed, never as markup.
- URGENT flags come first, in their own box, in plain words (issue 6); then results, then
  every flag with what it means and the agreed next step.
- The file name carries no identifier (`summary_filename`): a download folder or an e-mail
  attachment must not name the patient.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from screening.sittings.rules.clinic_day_policy import LONDON
from screening.sittings.rules.sitting_summaries import SittingSummary, SummaryFlag

STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;margin:2em;color:#000}"
    "table{border-collapse:collapse;width:100%;margin-bottom:1em}"
    "th,td{border:1px solid #555;padding:4px 8px;text-align:left;vertical-align:top}"
    ".urgent{border:3px solid #000;padding:0.5em 1em;margin-bottom:1em}"
    "@media print{body{margin:0}}"
)


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _when(moment: datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M") if moment else ""


def _flag_rows(flags: tuple[SummaryFlag, ...]) -> str:
    return "".join(
        f"<tr><td>{_e(f.priority.upper())}</td><td>{_e(f.kind)}</td><td>{_e(f.reason)}</td>"
        f"<td>{_e(f.meaning)}</td><td>{_e(f.next_step)}</td><td>{_e(f.status)}</td></tr>"
        for f in flags
    )


def summary_html(summary: SittingSummary, *, printed_at: datetime) -> str:
    """The whole page, every value escaped."""
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>Screening summary</title><style>{STYLE}</style></head><body>",
        "<h1>Mind &amp; Body screening summary</h1>",
        f"<p><strong>{_e(summary.patient_name)}</strong> · Hospital number {_e(summary.hospital_number)}</p>",
        f"<p>{_e(summary.clinic)} · started {_e(_when(summary.started_at))} · "
        f"completed {_e(_when(summary.completed_at))} · {_e(summary.mode)}</p>",
    ]
    if summary.urgent:
        items = "".join(f"<li>{_e(f.reason)}. {_e(f.next_step)}</li>" for f in summary.urgent)
        parts.append(f'<div class="urgent"><h2>URGENT</h2><ul>{items}</ul></div>')
    parts.append("<h2>Results</h2>")
    if summary.scores:
        rows = "".join(f"<tr><td>{_e(s.title)}</td><td>{_e(s.text)}</td></tr>" for s in summary.scores)
        parts.append(f"<table><tr><th>Measure</th><th>Result</th></tr>{rows}</table>")
    else:
        parts.append("<p>No results were recorded.</p>")
    parts.append("<h2>Flags</h2>")
    if summary.flags:
        head = "".join(f"<th>{h}</th>" for h in ("Priority", "Kind", "Why", "What it means", "Next step", "Status"))
        parts.append(f"<table><tr>{head}</tr>{_flag_rows(summary.flags)}</table>")
    else:
        parts.append("<p>No flags were raised.</p>")
    if not summary.physical_flags_shown:
        parts.append("<p>Physical-health flags are not shown to your role.</p>")
    parts.append(
        f"<p>Printed {_e(_when(printed_at))}. Screening results are prompts for clinical "
        "judgement, not a diagnosis.</p></body></html>"
    )
    return "".join(parts)


def summary_filename(printed_at: datetime) -> str:
    """A file name with the date only: never the patient's name or numbers."""
    return f"screening-summary-{printed_at.astimezone(LONDON):%Y-%m-%d}.html"
