"""The PDF page the summary is drawn on (issue 18): A4, fonts, metadata, footer.

Design decisions:
- Fonts are vendored in `fonts/` with their licences: DejaVu Sans (regular and bold) covers
  Latin, Greek, Cyrillic, Hebrew and Arabic; Droid Sans Fallback covers Chinese, Japanese and
  Korean. A fresh machine needs no font package and nothing is downloaded. The PDF core
  fonts are Latin-1 only: "Łukasiewicz" or a name in Arabic script would not print.
- The fallback font is 3.4 MB, so it is read only when a character on the page needs it;
  fpdf2 embeds only the glyphs used (subsetting), so the file stays small either way.
- Text shaping by HarfBuzz (uharfbuzz) joins Arabic letters and lays right-to-left runs out in
  reading order (the Unicode bidi algorithm) within a left-to-right page; without it an
  Arabic name prints as loose letters in reverse.
- Metadata names the document, never the patient or an internal id; the creation date is
  the `produced_at` argument, so the same summary at the same moment gives the same bytes.
- The footer is drawn on every page by fpdf2: when it was produced, and "page n of m"
  (always 1 of 1 unless even the smallest type overflows, which the tests rule out).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from screening.sittings.rules.summary_pdf_words import when

FONTS = Path(__file__).with_name("fonts")
FOOTER_MM = 14.0


class SummaryPage(FPDF):
    def __init__(self, produced_at: datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.produced_at = produced_at

    def footer(self) -> None:
        self.set_y(-FOOTER_MM + 3)
        self.set_font("DejaVu", "", 7.5)
        self.cell(0, 4, f"Produced {when(self.produced_at)} (UK time). Screening results are prompts for clinical "
                  "judgement, not a diagnosis.")  # fmt: skip
        self.set_x(self.l_margin)  # the page count on the right: "{nb}" is filled in at the end
        self.cell(0, 4, f"page {self.page_no()} of {{nb}}", align="R")


def summary_document(produced_at: datetime, typed: Iterable[str]) -> FPDF:
    """An empty first page, ready for text in any script found in `typed` (the values on the page)."""
    pdf = SummaryPage(produced_at)
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    if _needs_fallback(pdf, typed):
        pdf.add_font("DroidFallback", "", FONTS / "DroidSansFallback.ttf")
        pdf.set_fallback_fonts(["DroidFallback"], exact_match=False)
    pdf.set_text_shaping(True, direction="ltr")
    pdf.set_title("Mind & Body screening summary")
    pdf.set_creator("Mind & Body screening")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(produced_at)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=FOOTER_MM)
    pdf.add_page()
    return pdf


def _needs_fallback(pdf: FPDF, texts: Iterable[str]) -> bool:
    """Whether any character is missing from DejaVu Sans (Chinese, Japanese, Korean...)."""
    dejavu = pdf.fonts["dejavu"]
    covered = dejavu.cmap if isinstance(dejavu, TTFFont) else {}
    return any(ord(character) not in covered for text in texts for character in text if not character.isspace())
