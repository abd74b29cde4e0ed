"""Who gets which flag (clinical reference, section 6), computed from the stored answers.

Design decision: each clinical rule is a small named function, and a sitting raises at
most one flag per rule family, at the highest priority that applies (a PHQ-9 of 22 gives
one HIGH flag, not HIGH and ROUTINE). Item 9 is a family of its own, read from the answer
itself and never from a total, so it still applies when the PHQ-9 is incomplete (s4) and
no severity flag can mask it. A result's own flags (`ScoreResult.flags`) are the flags of
a sitting holding that result alone; `psychological_flags` adds the one rule that spans
instruments, the PHQ-4 gateway (s3). Physical flags go to the clinic team, never to the
psychologists' queue.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from questionnaires import load_instrument
from screening.clinical.rules.answers import DECLINED, Answer, is_answered
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, ClinicalConfig
from screening.clinical.rules.flag_codes import Flag, by_priority, raise_flag
from screening.clinical.rules.results import BloodPressureResult, BMIResult, ScoreResult, SmokingResult
from screening.errors import InvalidValue

ITEM_9 = "phq9_9"
ITEM_9_TOPIC = "thoughts of being better off dead or of self-harm"
CURRENT_SMOKER = "1"  # SMOKING STATUS CODE (s5)
# Which full instrument each PHQ-4 half opens in the gateway bundle (s3).
GATEWAY: Mapping[str, str] = {"gad2": "gad7", "phq2": "phq9"}
_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7", "phq4": "PHQ-4", "auditc": "AUDIT-C"}
_HALF_NAMES = {"gad2": "GAD-2", "phq2": "PHQ-2"}


def item9_flag(answer: Answer) -> Flag | None:
    """URGENT when item 9 is above 0, or unanswered, or declined: never read as 0 (s1, s6)."""
    if not is_answered(answer):
        how = "patient preferred not to answer" if answer == DECLINED else "not answered"
        return raise_flag("phq9_item9_unanswered", f"PHQ-9 item 9 ({ITEM_9_TOPIC}): {how}")
    if answer >= 1:  # type: ignore[operator]  # answered: an int
        label = load_instrument("phq9").item(ITEM_9).option(answer).label  # type: ignore[arg-type]
        return raise_flag("phq9_item9_positive", f"PHQ-9 item 9: {ITEM_9_TOPIC}, {label.lower()}")
    return None


def total_flag(result: ScoreResult, config: ClinicalConfig) -> Flag | None:
    """PHQ-9 or GAD-7: HIGH at the high threshold, else ROUTINE at the referral threshold
    (s6). GAD-7 uses the screening threshold, not caseness (s2).

    An incomplete result (no total, s4) is judged on its answered items alone (s4 v2):
    missing answers can only add to a total, so a raw sum at a threshold is at least that
    threshold, and the reason says "at least N (incomplete)". A prorated total is a total.
    """
    high, referral = {
        "phq9": (config.phq9_high_threshold, config.phq9_referral_threshold),
        "gad7": (config.gad7_high_threshold, config.gad7_referral_threshold),
    }[result.instrument_id]
    value = result.raw_sum if result.total is None else result.total
    if value >= high:
        return raise_flag(f"{result.instrument_id}_severe", describe_total(result))
    if value >= referral:
        return raise_flag(f"{result.instrument_id}_threshold", describe_total(result))
    return None


def describe_total(result: ScoreResult) -> str:
    """ "PHQ-9 total 21 (severe)"; a prorated total says so wherever it is shown (s4); an
    incomplete result gives its answered items' sum as a floor: "PHQ-9 at least 14 (incomplete)"."""
    if result.total is None:
        return f"{_NAMES[result.instrument_id]} at least {result.raw_sum} (incomplete)"
    prorated = ", prorated" if result.prorated else ""
    return f"{_NAMES[result.instrument_id]} total {result.total} ({result.band}{prorated})"


def positive_halves(answers: Mapping[str, Answer], config: ClinicalConfig) -> dict[str, int]:
    """The PHQ-4 halves at or above the cut-off, with their sums (s3).

    A half with an item unanswered is still positive when its answered item alone reaches
    the cut-off, because the missing answer could only add to it.
    """
    halves = load_instrument("phq4").score.subscales  # type: ignore[union-attr]
    sums = {half.id: _answered_sum(answers, half.items) for half in halves}
    return {half: total for half, total in sums.items() if total >= config.phq4_half_positive}


def _answered_sum(answers: Mapping[str, Answer], link_ids: tuple[str, ...]) -> int:
    return sum(answers[i] for i in link_ids if is_answered(answers[i]))  # type: ignore[misc]


def gateway_opens(phq4_result: ScoreResult, *, config: ClinicalConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """Full instruments a PHQ-4 opens: GAD-2 half >= 3 opens gad7, PHQ-2 half >= 3 opens phq9."""
    _expect(phq4_result, "phq4")
    return tuple(GATEWAY[half] for half in positive_halves(phq4_result.answers, config))


def phq4_flag(result: ScoreResult, completed: Collection[str], config: ClinicalConfig) -> Flag | None:
    """ROUTINE for each positive PHQ-4 half whose full instrument has no total (s6)."""
    parts = [
        f"{_HALF_NAMES[half]} half {total} (positive at {config.phq4_half_positive} or more), "
        f"{_NAMES[GATEWAY[half]]} not completed"
        for half, total in positive_halves(result.answers, config).items()
        if GATEWAY[half] not in completed
    ]
    return raise_flag("phq4_positive_unfollowed", "PHQ-4 " + "; ".join(parts)) if parts else None


def psychological_flags(results: Iterable[ScoreResult], *, config: ClinicalConfig = DEFAULT_CONFIG) -> tuple[Flag, ...]:
    """The psychological flags of one sitting's PHQ-9, GAD-7 and PHQ-4 results (s6), most
    pressing first. AUDIT-C results are physical (see `physical_flags`) and ignored here."""
    by_id: dict[str, ScoreResult] = {}
    for result in results:
        if result.instrument_id in by_id:
            name = _NAMES[result.instrument_id]
            raise InvalidValue("results", f"two {name} results in one sitting; give one of each")
        by_id[result.instrument_id] = result
    completed = {i for i in ("phq9", "gad7") if i in by_id and by_id[i].complete}
    flags = []
    if "phq9" in by_id:
        flags += [item9_flag(by_id["phq9"].answers[ITEM_9]), total_flag(by_id["phq9"], config)]
    if "gad7" in by_id:
        flags.append(total_flag(by_id["gad7"], config))
    if "phq4" in by_id:
        flags.append(phq4_flag(by_id["phq4"], completed, config))
    return by_priority(flag for flag in flags if flag is not None)


def bp_flag(category: str, systolic: int, diastolic: int, config: ClinicalConfig) -> Flag | None:
    """Severe BP is URGENT for the clinic team today; raised BP is a signpost (s5, s6)."""
    if category == "normal":
        return None
    limit = config.bp_severe if category == "severe" else config.bp_raised
    reason = (
        f"Blood pressure {systolic}/{diastolic} mmHg ({category}: systolic {limit[0]} "
        f"or diastolic {limit[1]} or higher)"
    )
    return raise_flag(f"bp_{category}", reason)


def bmi_flag(category: str, bmi: float, lower_thresholds: bool) -> Flag | None:
    """A signpost for any obesity class, and for underweight to nutritional screening
    (MUST) or the dietitian (s5 v2, NICE CG32; s6)."""
    if category == "underweight":
        return raise_flag("bmi_underweight", f"BMI {bmi:.1f} (underweight)")
    if not category.startswith("obesity"):
        return None
    basis = " on the NICE NG246 lower thresholds" if lower_thresholds else ""
    return raise_flag("bmi_obesity", f"BMI {bmi:.1f} ({category}{basis})")


def smoking_flag(code: str) -> Flag | None:
    """A signpost to stop-smoking support for a current smoker (s5, s6)."""
    if code != CURRENT_SMOKER:
        return None
    return raise_flag("smoking_current", "Smoking status: current smoker")


def auditc_flag(result: ScoreResult, config: ClinicalConfig) -> Flag | None:
    """A signpost for an AUDIT-C total of 5 or more (s5, s6)."""
    if result.total is None or result.total < config.auditc_positive:
        return None
    return raise_flag("auditc_positive", describe_total(result))


def physical_flags(
    *,
    blood_pressure: BloodPressureResult | None = None,
    bmi: BMIResult | None = None,
    smoking: SmokingResult | None = None,
    auditc: ScoreResult | None = None,
    config: ClinicalConfig = DEFAULT_CONFIG,
) -> tuple[Flag, ...]:
    """The physical-health flags of one sitting, for the clinic team (s6), most pressing first."""
    flags: list[Flag | None] = []
    if blood_pressure is not None:
        bp = blood_pressure
        flags.append(bp_flag(bp.category, bp.systolic, bp.diastolic, config))
    if bmi is not None:
        flags.append(bmi_flag(bmi.category, bmi.bmi, bmi.lower_thresholds))
    if smoking is not None:
        flags.append(smoking_flag(smoking.code))
    if auditc is not None:
        _expect(auditc, "auditc")
        flags.append(auditc_flag(auditc, config))
    return by_priority(flag for flag in flags if flag is not None)


def result_flags(result: ScoreResult, config: ClinicalConfig = DEFAULT_CONFIG) -> tuple[Flag, ...]:
    """The flags one result raises as if it were the only one in its sitting."""
    if result.instrument_id == "auditc":
        return physical_flags(auditc=result, config=config)
    return psychological_flags([result], config=config)


def _expect(result: ScoreResult, instrument_id: str) -> None:
    if result.instrument_id != instrument_id:
        wanted = _NAMES[instrument_id]
        raise InvalidValue("result", f"{wanted} result expected, not {result.instrument_id}")
