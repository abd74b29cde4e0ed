"""The PDF page the summary is drawn on (issue 18): A4, fonts, metadata, footer.

Design decisions:
- Fonts are vendored in `fonts/` with their licences: DejaVu Sans (regular and bold) covers
  Latin, Greek, Cyrillic, Hebrew and Arabic; Noto Sans covers the scripts of South Asia and
  Ethiopia (Bengali, Devanagari, Gujarati, Gurmukhi, Tamil, Telugu, Malayalam, Sinhala), Thai
  and Ethiopic (Amharic, Tigrinya); Droid Sans Fallback covers Chinese, Japanese and Korean.
  A language of administration prints in its own script ("বাংলা (Bengali)"), so these are
  needed even when every name is in Latin letters. A fresh machine needs no font package and
  nothing is downloaded. The PDF core fonts are Latin-1 only: "Łukasiewicz" would not print.
- A fallback font is read only when a character on the page needs it (Droid is 3.4 MB); fpdf2
  embeds only the glyphs used (subsetting), so the file stays small either way.
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
# Each fallback font and the Unicode blocks it is read for; any other character DejaVu Sans lacks goes to Droid.
SCRIPT_FONTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("NotoSansDevanagari-Regular.ttf", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    ("NotoSansBengali-Regular.ttf", ((0x0980, 0x09FF),)),
    ("NotoSansGurmukhi-Regular.ttf", ((0x0A00, 0x0A7F),)),
    ("NotoSansGujarati-Regular.ttf", ((0x0A80, 0x0AFF),)),
    ("NotoSansTamil-Regular.ttf", ((0x0B80, 0x0BFF),)),
    ("NotoSansTelugu-Regular.ttf", ((0x0C00, 0x0C7F),)),
    ("NotoSansMalayalam-Regular.ttf", ((0x0D00, 0x0D7F),)),
    ("NotoSansSinhala-Regular.ttf", ((0x0D80, 0x0DFF),)),
    ("NotoSansThai-Regular.ttf", ((0x0E00, 0x0E7F),)),
    ("NotoSansEthiopic-Regular.ttf", ((0x1200, 0x139F), (0x2D80, 0x2DDF))),
)
CJK_FONT = "DroidSansFallback.ttf"


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
    fallbacks = _fallbacks(pdf, typed)
    for name in fallbacks:
        pdf.add_font(Path(name).stem, "", FONTS / name)
    if fallbacks:
        pdf.set_fallback_fonts([Path(name).stem for name in fallbacks], exact_match=False)
    pdf.set_text_shaping(True, direction="ltr")
    pdf.set_title("Mind & Body screening summary")
    pdf.set_creator("Mind & Body screening")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(produced_at)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=FOOTER_MM)
    pdf.add_page()
    return pdf


def _fallbacks(pdf: FPDF, texts: Iterable[str]) -> list[str]:
    """The fallback fonts the characters missing from DejaVu Sans need, in a fixed order."""
    dejavu = pdf.fonts["dejavu"]
    covered = dejavu.cmap if isinstance(dejavu, TTFFont) else {}
    missing = {ord(c) for text in texts for c in text if not c.isspace() and ord(c) not in covered}
    needed = [name for name, blocks in SCRIPT_FONTS if any(lo <= c <= hi for c in missing for lo, hi in blocks)]
    in_blocks = {c for c in missing for _, blocks in SCRIPT_FONTS for lo, hi in blocks if lo <= c <= hi}
    return [*needed, CJK_FONT] if missing - in_blocks else needed
