"""Physical-health flags for the clinic team (clinical reference, s5 and s6)."""

from __future__ import annotations

import pytest

from screening.clinical.rules import vital5
from screening.clinical.rules.flags import physical_flags
from screening.clinical.rules.scoring import score
from screening.errors import InvalidValue


def auditc(q1: int, q2: int, q3: int) -> object:
    return score("auditc", {"auditc_1": q1, "auditc_2": q2, "auditc_3": q3})


def test_no_measures_raise_no_physical_flag() -> None:
    assert physical_flags() == ()


def test_severe_blood_pressure_is_urgent_for_the_clinic_team_today() -> None:
    (flag,) = physical_flags(blood_pressure=vital5.blood_pressure([(182, 95)]))
    assert (flag.code, flag.kind, flag.priority) == ("bp_severe", "physical", "urgent")
    assert flag.reason == "Blood pressure 182/95 mmHg (severe: systolic 180 or diastolic 120 or higher)"


def test_raised_blood_pressure_is_a_signpost() -> None:
    (flag,) = physical_flags(blood_pressure=vital5.blood_pressure([(150, 85), (142, 88)]))
    assert (flag.code, flag.priority) == ("bp_raised", "signpost")
    assert flag.reason == "Blood pressure 142/88 mmHg (raised: systolic 140 or diastolic 90 or higher)"


def test_normal_blood_pressure_raises_no_flag() -> None:
    assert physical_flags(blood_pressure=vital5.blood_pressure([(139, 89)])) == ()


@pytest.mark.parametrize(
    ("height", "weight", "ethnic", "expected"),
    [
        (2.0, 120.0, "A", ("bmi_obesity", "BMI 30.0 (obesity class 1)")),  # 120 / 2.0^2 = 30.0
        (2.0, 116.0, "A", None),  # 116 / 4 = 29.0: overweight, no flag
        (2.0, 110.0, "H", ("bmi_obesity",  # 110 / 4 = 27.5: obesity on the lower thresholds
         "BMI 27.5 (obesity class 1 on the NICE NG246 lower thresholds)")),
        (2.0, 70.0, "A", ("bmi_underweight", "BMI 17.5 (underweight)")),  # 70 / 4 = 17.5 < 18.5 (s5 v2)
        (2.0, 73.6, "H", ("bmi_underweight", "BMI 18.4 (underweight)")),  # 73.6 / 4 = 18.4: same for every group
        (2.0, 74.0, "A", None),  # 74 / 4 = 18.5: healthy, no flag
    ],
)  # fmt: skip
def test_an_obesity_band_or_underweight_bmi_is_a_signpost(
    height: float, weight: float, ethnic: str, expected: tuple[str, str] | None
) -> None:
    found = physical_flags(bmi=vital5.bmi(height, weight, ethnic))
    assert [(f.code, f.reason) for f in found] == ([] if expected is None else [expected])
    assert all(f.priority == "signpost" and f.kind == "physical" for f in found)


@pytest.mark.parametrize(
    ("code", "flagged"), [("1", True), ("2", False), ("3", False), ("4", False), ("Z", False), ("9", False)]
)
def test_only_a_current_smoker_is_signposted_to_stop_smoking_support(code: str, flagged: bool) -> None:
    found = physical_flags(smoking=vital5.smoking(code))
    assert [(f.code, f.priority, f.reason) for f in found] == (
        [("smoking_current", "signpost", "Smoking status: current smoker")] if flagged else []
    )


def test_auditc_of_5_or_more_is_a_physical_signpost_not_a_psychological_flag() -> None:
    (flag,) = physical_flags(auditc=auditc(2, 2, 1))  # 2+2+1 = 5
    assert (flag.code, flag.kind, flag.priority, flag.reason) == (
        "auditc_positive",
        "physical",
        "signpost",
        "AUDIT-C total 5 (positive: full AUDIT advised)",
    )
    assert physical_flags(auditc=auditc(2, 1, 1)) == ()  # 4: lower risk


def test_physical_flags_need_an_auditc_result_for_the_alcohol_rule() -> None:
    gad7 = score("gad7", {f"gad7_{n}": 3 for n in range(1, 8)})
    with pytest.raises(InvalidValue, match="AUDIT-C result expected, not gad7"):
        physical_flags(auditc=gad7)


def test_all_physical_flags_of_a_sitting_come_most_pressing_first() -> None:
    found = physical_flags(
        blood_pressure=vital5.blood_pressure([(190, 100), (185, 100)]),
        bmi=vital5.bmi(1.6, 90.0, "M"),  # 90 / 1.6^2 = 35.16 -> 35.2 on the lower thresholds: class 2
        smoking=vital5.smoking("1"),
        auditc=auditc(4, 4, 4),  # 12
    )
    assert [(f.code, f.priority) for f in found] == [
        ("bp_severe", "urgent"),
        ("bmi_obesity", "signpost"),
        ("smoking_current", "signpost"),
        ("auditc_positive", "signpost"),
    ]


def test_each_vital5_result_carries_the_same_flags_the_sitting_rule_gives() -> None:
    bp = vital5.blood_pressure([(145, 80)])
    body = vital5.bmi(1.7, 95.0, "A")  # 95 / 1.7^2 = 32.87 -> 32.9: obesity class 1
    smoker = vital5.smoking("1")
    assert physical_flags(blood_pressure=bp, bmi=body, smoking=smoker) == bp.flags + body.flags + smoker.flags
