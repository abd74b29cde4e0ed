"""Every clinical product decision and threshold, as named configuration.

Design decision: the clinical reference marks some rules as product DECISIONs (section 3:
the screening bundle; section 4: proration; section 5: which ethnic codes use the lower
BMI thresholds). Those, and the published thresholds the flag rules use, live here in one
frozen dataclass whose defaults are the reference's values, so a clinical safety officer
signs off one short file and a clinic that must differ passes its own `ClinicalConfig`
(never edits the rules). The values are checked on construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.clinical.rules.codes import ETHNIC_CATEGORIES, SCREENING_BUNDLES
from screening.errors import InvalidValue


@dataclass(frozen=True)
class BMIThresholds:
    """Lower bound (kg/m2) of each BMI category above underweight."""

    healthy: float
    overweight: float
    obesity_1: float
    obesity_2: float
    obesity_3: float


@dataclass(frozen=True)
class ClinicalConfig:
    """The rule values; defaults are the clinical reference's (section in each comment)."""

    # s3 DECISION: "full" = PHQ-9 + GAD-7; "gateway" = PHQ-4, a positive half opens the full one.
    screening_bundle: str = "full"
    # s4 DECISION: most unanswered items a total may still be prorated over; never item 9.
    phq9_max_prorated_items: int = 2
    gad7_max_prorated_items: int = 1
    never_prorated_items: frozenset[str] = frozenset({"phq9_9"})
    # s1, s6: PHQ-9 total >= 10 is ROUTINE referral, >= 20 HIGH.
    phq9_referral_threshold: int = 10
    phq9_high_threshold: int = 20
    # s2, s6: GAD-7 SCREENING threshold >= 10 is ROUTINE referral, >= 15 HIGH.
    gad7_referral_threshold: int = 10
    gad7_high_threshold: int = 15
    # s2: NHS Talking Therapies "caseness" is GAD-7 >= 8. A reporting measure only: it
    # never raises a flag, and must never be shown as if it were the screening threshold.
    gad7_talking_therapies_caseness: int = 8
    # s3: a 2-item half of the PHQ-4 (GAD-2, PHQ-2) is positive at >= 3.
    phq4_half_positive: int = 3
    # s5: AUDIT-C (UK) positive at >= 5: a signposting flag.
    auditc_positive: int = 5
    # s5 (NICE NG136): clinic BP >= 140/90 raised, >= 180/120 severe (180/110 is superseded).
    bp_raised: tuple[int, int] = (140, 90)
    bp_severe: tuple[int, int] = (180, 120)
    # s5 (NICE NG246): BMI category thresholds, standard and lower.
    bmi_standard: BMIThresholds = BMIThresholds(18.5, 25.0, 30.0, 35.0, 40.0)
    # s5 v2: overweight 23, obesity 27.5, and obesity classes 2 and 3 from 32.5 and 37.5
    # (NICE's "reduce by 2.5" rule).
    bmi_lower: BMIThresholds = BMIThresholds(18.5, 23.0, 27.5, 32.5, 37.5)
    # s5 DECISION (v2): Ethnic Category codes that use the lower BMI thresholds. NG246 speaks
    # of family background (South Asian, Chinese, other Asian, Middle Eastern, Black African
    # or African-Caribbean), so H J K L R M N P and the mixed codes D (White and Black
    # Caribbean), E (White and Black African) and F (White and Asian). G, S, Z, 99 and the
    # White codes use the standard thresholds unless added here.
    bmi_lower_threshold_ethnic_codes: frozenset[str] = frozenset("DEFHJKLRMNP")

    def __post_init__(self) -> None:
        if self.screening_bundle not in SCREENING_BUNDLES:
            bundles = ", ".join(SCREENING_BUNDLES)
            raise InvalidValue("screening_bundle", f"must be one of {bundles}")
        unknown = sorted(self.bmi_lower_threshold_ethnic_codes - set(ETHNIC_CATEGORIES))
        if unknown:
            field = "bmi_lower_threshold_ethnic_codes"
            raise InvalidValue(field, f"{unknown} are not Ethnic Category codes")
        phq9, gad7 = self.phq9_max_prorated_items, self.gad7_max_prorated_items
        if not (0 <= phq9 <= 2 and 0 <= gad7 <= 1):
            # More proration than the reference allows would invent too much of a score.
            raise InvalidValue("proration", "may be at most 2 PHQ-9 items and 1 GAD-7 item")
        if "phq9_9" not in self.never_prorated_items:
            field = "never_prorated_items"
            raise InvalidValue(field, "must include phq9_9: the risk item is never filled in")
        pairs = [(self.phq9_referral_threshold, self.phq9_high_threshold)]
        pairs += [(self.gad7_referral_threshold, self.gad7_high_threshold)]
        pairs += list(zip(self.bp_raised, self.bp_severe, strict=True))
        if any(lower >= higher for lower, higher in pairs):
            problem = "each ROUTINE or raised threshold must be below its HIGH or severe one"
            raise InvalidValue("thresholds", problem)
        for name in ("bmi_standard", "bmi_lower"):
            values = list(vars(getattr(self, name)).values())
            if values != sorted(set(values)):
                problem = "thresholds must rise strictly from healthy to obesity class 3"
                raise InvalidValue(name, problem)

    def max_prorated_items(self, instrument_id: str) -> int:
        """How many unanswered scored items `instrument_id` may be prorated over (s4)."""
        return {"phq9": self.phq9_max_prorated_items, "gad7": self.gad7_max_prorated_items}.get(instrument_id, 0)


DEFAULT_CONFIG = ClinicalConfig()
