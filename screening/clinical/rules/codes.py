"""NHS coded values the product stores (clinical reference, section 7 and 5).

Codes are data, not logic: each table maps the code as the NHS Data Dictionary gives it
to the label staff see. Groupings used by the charts live beside the codes they group.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Ethnic Category, 2001 census 16+1 (clinical reference, section 7).
ETHNIC_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "A": "White - British",
        "B": "White - Irish",
        "C": "White - any other White background",
        "D": "Mixed - White and Black Caribbean",
        "E": "Mixed - White and Black African",
        "F": "Mixed - White and Asian",
        "G": "Mixed - any other mixed background",
        "H": "Asian or Asian British - Indian",
        "J": "Asian or Asian British - Pakistani",
        "K": "Asian or Asian British - Bangladeshi",
        "L": "Asian or Asian British - any other Asian background",
        "M": "Black or Black British - Caribbean",
        "N": "Black or Black British - African",
        "P": "Black or Black British - any other Black background",
        "R": "Other ethnic groups - Chinese",
        "S": "Other ethnic groups - any other ethnic group",
        "Z": "Not stated",
        "99": "Not known",
    }
)
ETHNIC_NOT_KNOWN = "99"

# Headline groups for charts; Z and 99 stay their own bars because "not recorded" is
# itself an equity signal (clinical reference, section 7).
ETHNIC_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        **{c: "White" for c in "ABC"},
        **{c: "Mixed" for c in "DEFG"},
        **{c: "Asian" for c in "HJKL"},
        **{c: "Black" for c in "MNP"},
        "R": "Other",
        "S": "Other",
        "Z": "Not stated",
        "99": "Not known",
    }
)

# Person Stated Gender (clinical reference, section 7).
GENDER_CODES: Mapping[str, str] = MappingProxyType({"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not known"})

# SMOKING STATUS CODE (clinical reference, section 5).
SMOKING_STATUS_CODES: Mapping[str, str] = MappingProxyType(
    {
        "1": "Current smoker",
        "2": "Ex-smoker",
        "3": "Non-smoker - history unknown",
        "4": "Never smoked",
        "Z": "Not stated",
        "9": "Unknown",
    }
)

# IMD deciles are only comparable within one release (clinical reference, section 7).
IMD_VERSIONS: tuple[str, ...] = ("IMD2019", "IMD2025")

CLINIC_SPECIALTIES: Mapping[str, str] = MappingProxyType(
    {
        "haemoglobinopathy": "Haemoglobinopathy (sickle cell and thalassaemia)",
        "haemato_oncology": "Haemato-oncology",
        "haemostasis_thrombosis": "Haemostasis and thrombosis",
        "general_haematology": "General haematology",
    }
)

# Which screening bundle a clinic runs (clinical reference, section 3 DECISION).
SCREENING_BUNDLES: Mapping[str, str] = MappingProxyType(
    {
        "full": "PHQ-9 + GAD-7 + Vital 5",
        "gateway": "PHQ-4 gateway (opens PHQ-9 / GAD-7 when positive) + Vital 5",
    }
)

ATTENDANCE_STATUSES: tuple[str, ...] = ("attended", "did_not_attend", "cancelled")
SESSION_STATUSES: tuple[str, ...] = ("in_progress", "completed", "declined", "abandoned")
SESSION_MODES: tuple[str, ...] = ("self", "assisted")
SESSION_SOURCES: tuple[str, ...] = ("live", "import", "demo")
FLAG_KINDS: tuple[str, ...] = ("psychological", "physical")
FLAG_PRIORITIES: tuple[str, ...] = ("urgent", "high", "routine", "signpost")
FLAG_STATUSES: tuple[str, ...] = ("open", "acknowledged", "contact_attempted", "closed")
FLAG_OUTCOMES: tuple[str, ...] = (
    "referred",
    "already_under_care",
    "declined_by_patient",
    "no_further_action",
    "historical_import",
)
FLAG_ACTIONS: tuple[str, ...] = (
    "created",
    "acknowledge",
    "contact_attempt",
    "close",
    "reassign",
    "reopen",
    "rules_updated",  # the rules changed an open flag after new or changed answers (s1 v2)
    "escalated",  # an unacknowledged urgent flag was sent to an escalation contact (s6 v2)
)
CONTACT_METHODS: tuple[str, ...] = ("phone", "in_clinic", "letter")
# Where a flag closed as "referred" sent the patient (issue 7); "other" carries its own text.
REFERRAL_DESTINATIONS: Mapping[str, str] = MappingProxyType(
    {
        "clinical_health_psychology": "Clinical health psychology",
        "liaison_psychiatry": "Liaison psychiatry",
        "talking_therapies": "NHS Talking Therapies",
        "gp": "GP",
        "crisis_team": "Crisis team",
        "other": "Other",
    }
)
USER_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "clinic_staff": "Clinic staff",
        "psychologist": "Psychologist",
        "service_manager": "Service manager",
        "administrator": "Administrator",
    }
)
