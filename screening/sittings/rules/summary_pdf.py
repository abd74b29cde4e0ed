"""The one-page PDF summary of a sitting, for the EPR's document store (issue 18).

Design decisions:
- fpdf2 (maintained, pure Python) draws it on `summary_pdf_page.SummaryPage` (A4, vendored
  fonts for any script, HarfBuzz shaping for Arabic, metadata, footer); the words of the
  identity and sitting lines are `summary_pdf_words`.
- The order is the printable page's (`summary_html`): URGENT flags first in a box, in plain
  words; then results (s1-s5: "prorated", "incomplete"); then every flag with what it means
  and the agreed next step (s6). Every value is written as typed: no markdown, no markup.
- One page always: the page is drawn at full size, and again smaller (type and spacing) until
  it fits; the largest summary the rules can make fits well above the smallest size (tested).
  Nothing is ever cut: past the smallest size the page would overflow onto a second page.
- No internal id anywhere (sitting, attendance or flag id, key, user), neither on the page
  nor in the metadata.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from screening.sittings.rules.clinic_day_policy import LONDON
from screening.sittings.rules.sitting_summaries import SittingSummary
from screening.sittings.rules.summary_pdf_page import summary_document
from screening.sittings.rules.summary_pdf_words import patient_lines, sitting_lines

SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)  # 9.5 pt type down to 5.7 pt
GREY = (230, 230, 230)
FLAG_COLUMNS = ("Priority, status", "Why", "What it means", "Next step")


def summary_pdf(summary: SittingSummary, *, produced_at: datetime) -> bytes:
    """The summary as PDF bytes: A4, one page, at the largest size that fits.

    Full size first (most summaries fit); otherwise a binary search over `SCALES`, since each
    drawing takes a fraction of a second. Past the smallest size the last drawing is returned.
    """
    pdf = _drawn(summary, produced_at, SCALES[0])
    if pdf.pages_count == 1:
        return bytes(pdf.output())
    fitting, low, high = None, 1, len(SCALES) - 1  # the largest scale (lowest index) that fits
    while low <= high:
        middle = (low + high) // 2
        attempt = _drawn(summary, produced_at, SCALES[middle])
        if attempt.pages_count == 1:
            fitting, high = attempt, middle - 1
        else:
            low = middle + 1
    pdf = fitting or _drawn(summary, produced_at, SCALES[-1])
    return bytes(pdf.output())


def summary_pdf_filename(produced_at: datetime) -> str:
    """A file name with the date only, as the printable page's: never the patient's name or numbers."""
    return f"screening-summary-{produced_at.astimezone(LONDON):%Y-%m-%d}.pdf"


def _drawn(summary: SittingSummary, produced_at: datetime, scale: float) -> FPDF:
    facts = patient_lines(summary) + sitting_lines(summary)
    typed = [value for _, value in facts] + [s.text for s in summary.scores] + [f.reason for f in summary.flags]
    pdf = summary_document(produced_at, typed)
    size = 9.5 * scale
    pdf.set_font("DejaVu", "B", 15 * scale)
    pdf.cell(text="Mind & Body screening summary", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", size)
    _facts(pdf, facts, size)
    if summary.urgent:
        _urgent(pdf, summary, size)
    _heading(pdf, "Results", size)
    if summary.scores:
        _table(pdf, ("Measure", "Result"), [(s.title, s.text) for s in summary.scores], (2, 3), size)
    else:
        pdf.multi_cell(0, size * 0.5, "No results were recorded.", align="L", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Flags", size)
    if summary.flags:
        rows = [(f"{f.priority.upper()}\n{f.status.replace('_', ' ')}", f.reason, f.meaning, f.next_step)
                for f in summary.flags]  # fmt: skip
        _table(pdf, FLAG_COLUMNS, rows, (1.5, 2.6, 4.6, 4.6), size)
    else:
        pdf.multi_cell(0, size * 0.5, "No flags were raised.", align="L", new_x="LMARGIN", new_y="NEXT")
    if not summary.physical_flags_shown:
        pdf.multi_cell(
            0, size * 0.5, "Physical-health flags are not shown to the role that produced this document.", align="L"
        )
    return pdf


def _facts(pdf: FPDF, lines: tuple[tuple[str, str], ...], size: float) -> None:
    pdf.ln(size * 0.25)
    _table(pdf, None, lines, (1, 4), size, first_bold=True)


def _urgent(pdf: FPDF, summary: SittingSummary, size: float) -> None:
    pdf.ln(size * 0.3)
    top, width = pdf.get_y(), pdf.epw
    pdf.set_y(top + 1.5)
    pdf.set_x(pdf.l_margin + 3)
    pdf.set_font("DejaVu", "B", size * 1.25)
    pdf.cell(text="URGENT: needs action today", align="L", new_x="LMARGIN", new_y="NEXT")
    for flag in summary.urgent:
        pdf.set_x(pdf.l_margin + 3)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width - 6, size * 0.5, f"{flag.reason}.", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(pdf.l_margin + 3)
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(width - 6, size * 0.5, flag.next_step, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.8)
    pdf.rect(pdf.l_margin, top, width, pdf.get_y() + 1.5 - top)
    pdf.set_line_width(0.2)
    pdf.set_y(pdf.get_y() + 1.5)


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.ln(size * 0.3)
    pdf.set_font("DejaVu", "B", size * 1.25)
    pdf.cell(text=text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", size)


def _table(
    pdf: FPDF,
    headings: tuple[str, ...] | None,
    rows: Sequence[tuple[str, ...]],
    widths: tuple[float, ...],
    size: float,
    *,
    first_bold: bool = False,
) -> None:
    pdf.set_font("DejaVu", "", size)
    with pdf.table(
        col_widths=widths,
        first_row_as_headings=headings is not None,
        headings_style=FontFace(emphasis="BOLD", fill_color=GREY),
        line_height=size * 0.43,
        padding=(size * 0.05, size * 0.12),
        text_align="LEFT",
        markdown=False,
        borders_layout="ALL" if headings else "NONE",
        v_align="TOP",
    ) as table:
        if headings:
            table.row(headings)
        for values in rows:
            row = table.row()
            for column, value in enumerate(values):
                style = FontFace(emphasis="BOLD") if first_bold and column == 0 else None
                row.cell(value, style=style)
