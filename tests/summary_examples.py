"""Sitting summaries for the printable and PDF tests: a typical one, and the largest the rules can make.

Internal ids are set to numbers that appear nowhere else, so a test can look for them in
the document and be sure not to find them by chance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from screening.clinical.rules.flag_codes import FLAG_DESCRIPTIONS, FLAG_NEXT_STEPS, FLAG_RULES
from screening.sittings.rules.sitting_summaries import SittingSummary, SummaryFlag, SummaryScore, ordered_flags

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
PRODUCED = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)
SITTING_ID, ATTENDANCE_ID, FLAG_ID = 987_651, 876_542, 765_433

# The longest reason each flag's rule writes (screening.clinical.rules.flags, gateway, risk_item).
REASONS = {
    "phq9_item9_positive": "PHQ-9 item 9: thoughts of being better off dead or of self-harm, nearly every day",
    "phq9_item9_unanswered": "PHQ-9 item 9 (thoughts of being better off dead or of self-harm): not reached "
    "before the sitting ended",
    "phq9_severe": "PHQ-9 total 27 (severe, prorated)",
    "phq9_threshold": "PHQ-9 at least 14 (incomplete)",
    "gad7_severe": "GAD-7 total 21 (severe, prorated)",
    "gad7_threshold": "GAD-7 at least 10 (incomplete)",
    "phq4_positive_unfollowed": "PHQ-4 anxiety half 6 (GAD-7 not completed); depression half 6 (PHQ-9 not completed)",
    "phq4_half_unanswered": "PHQ-4 gateway not answered: anxiety and depression, both items declined or unanswered",
    "bp_severe": "Blood pressure 185/125 mmHg (severe): the lower of the last two readings",
    "bp_raised": "Blood pressure 145/95 mmHg (raised): the lower of the last two readings",
    "bmi_obesity": "BMI 41.2 (obesity class 3, on the lower thresholds for the family background)",
    "bmi_underweight": "BMI 17.9 (underweight)",
    "smoking_current": "Smoking status: current smoker",
    "auditc_positive": "AUDIT-C total 12 (positive: full AUDIT advised)",
}
# The most flags one sitting can hold at once: one per family (item 9, PHQ-9, GAD-7, blood
# pressure, BMI), both PHQ-4 flags, smoking and alcohol (clinical reference s1-s6).
AT_ONCE = ("phq9_item9_positive", "bp_severe", "phq9_severe", "gad7_severe", "phq4_positive_unfollowed",
           "phq4_half_unanswered", "bmi_obesity", "smoking_current", "auditc_positive")  # fmt: skip


def flag(code: str, status: str = "open", reason: str | None = None) -> SummaryFlag:
    rule = FLAG_RULES[code]
    return SummaryFlag(code, rule.kind, rule.priority, reason or REASONS[code], status, FLAG_DESCRIPTIONS[code],
                       FLAG_NEXT_STEPS[code], FLAG_ID, 3)  # fmt: skip


def summary(**fields: object) -> SittingSummary:
    base = dict(
        sitting_id=SITTING_ID, attendance_id=ATTENDANCE_ID, patient_name="ŁUKASIEWICZ, Zoë", hospital_number="H0000001",
        clinic="Red cell", status="completed", mode="self", started_at=NOW, completed_at=NOW, closed=False,
        decline_reason=None, answered_items=19, nhs_number="9434765919", date_of_birth=date(1980, 2, 3),
        site="St Thomas' Hospital",
    )  # fmt: skip
    return SittingSummary(**{**base, **fields})  # type: ignore[arg-type]


def typical() -> SittingSummary:
    """Full bundle completed: PHQ-9 17 with item 9 at 1, GAD-7 prorated 21, blood pressure 185/100."""
    return summary(
        scores=(SummaryScore("phq9", "PHQ-9", 17, "moderately severe", False, True, None, None),
                SummaryScore("gad7", "GAD-7", 21, "severe", True, False, None, None),
                SummaryScore("bp", "Blood pressure", None, "severe", False, True, 185, "185/100")),
        flags=ordered_flags([
            flag("phq9_threshold", reason="PHQ-9 total 17 (moderately severe)"),
            flag("bp_severe", reason="Blood pressure 185/100 mmHg (severe): the lower of the last two readings"),
            flag("phq9_item9_positive", reason="PHQ-9 item 9: thoughts of being better off dead or of self-harm, "
                                               "several days"),
            flag("gad7_severe"),
        ]),
    )  # fmt: skip


def every_score() -> tuple[SummaryScore, ...]:
    return (
        SummaryScore("phq4", "PHQ-4", 12, "severe", False, True, None, None),
        SummaryScore("phq9", "PHQ-9", 27, "severe", True, False, None, None),
        SummaryScore("gad7", "GAD-7", None, None, False, False, None, None),
        SummaryScore("auditc", "AUDIT-C", 12, "positive: full AUDIT advised", False, True, None, None),
        SummaryScore("bp", "Blood pressure", None, "severe", False, True, 185, "185/125"),
        SummaryScore("bmi", "BMI", None, "obesity class 3", False, True, 41.2, None),
        SummaryScore("smoking", "Smoking status", None, "Current smoker", False, True, None, None),
    )


def largest(codes: tuple[str, ...] = AT_ONCE) -> SittingSummary:
    """The longest fields the record allows (names 100 + 100, clinic and site 120), every
    instrument, the given flags (all that can be raised at once), stopped early, begun at home."""
    return summary(
        patient_name="W" * 100 + ", " + "Siobhán 王小明 محمد " * 5 + "Ö" * 10, hospital_number="H" * 20,
        clinic="Haemoglobinopathy " * 6 + "C" * 12, site="Guy's and St Thomas' " * 5 + "S" * 15,
        status="abandoned", completed_at=None, closed=True, mode="assisted", remote=True, language="zh",
        read_aloud_used=True, scores=every_score(),
        flags=ordered_flags(flag(code, "contact_attempted") for code in codes),
    )  # fmt: skip
