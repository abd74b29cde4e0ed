"""The breakdowns of the uptake definitions (issue 8): names, labels and the order of groups.

Design decisions:
- The database groups by the stored value (an ethnic category code, an IMD decile, an
  age in whole years, a gender code); `group_label` maps each value to its published
  group here, in one place, from the code tables in `screening.clinical.rules.codes` and
  `screening.patients.rules.age_bands`. Every patient has exactly one stored value, so adding up the
  counts of the values in a group is exact: no SQL CASE duplicates the NHS groupings.
- Ethnic groups follow clinical reference section 7: five headline groups, with "Not
  stated" (Z) and "Not known" (99) as groups of their own, because a missing ethnicity
  is itself an equity signal. IMD quintile 1 = deciles 1-2 (most deprived), section 7;
  a patient with no decile is "Not known".
- How the sitting was given (issue 16, clinical reference s9) is a property of a sitting,
  not of the patient: `SITTING_DIMENSIONS` group each eligible unit by its completed
  sitting in the period (the language of administration, whether an interpreter helped),
  and every unit not screened in the period is "Not screened", so each unit is still in
  exactly one group and the groups add up to the totals (docs/uptake.md says why). They are
  breakdowns for the tables (`BREAKDOWNS`), not the equity page's comparisons: a "Not
  screened" group's uptake is 0 by definition, so odds ratios against it mean nothing.
- How the unit was screened (issue 17, `screening_mode`) is a sitting breakdown too: the
  tablet with the patient alone ("self"), the tablet with staff ("assisted"), or from a
  secure link before the visit ("remote": a sitting begun from a link, whatever its mode and
  wherever it was finished), else "Not screened". A unit with several completed sittings in
  the period counts once, by the highest code of `SCREENING_MODES` among them: remote >
  assisted > self (so "remote" reads "reached by a link at least once in the period", the
  question a manager asks of it). Unlike the two above it is offered on the Uptake page, as
  the share of each patient group screened each way (`rules.mode_mix`).
- Groups sort in their natural order (ethnic groups as listed, quintiles 1-5, age bands
  youngest first) with "Not known"-style groups last, never alphabetically.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from babel import Locale

from screening.clinical.rules.codes import ETHNIC_CATEGORIES, ETHNIC_GROUPS, GENDER_CODES
from screening.errors import InvalidValue
from screening.patients.rules.age_bands import AGE_BANDS, band_for_age

NOT_KNOWN = "Not known"
NOT_SCREENED = "Not screened"
ETHNIC_GROUP_ORDER = ("White", "Mixed", "Asian", "Black", "Other", "Not stated", "Not known")
IMD_QUINTILES = ("1", "2", "3", "4", "5", NOT_KNOWN)

# name -> how the dashboard labels it
DIMENSIONS: Mapping[str, str] = MappingProxyType({
    "site": "Site",
    "clinic": "Clinic",
    "ethnic_group": "Ethnic group",
    "ethnic_category": "Ethnic category",
    "imd_quintile": "IMD quintile (1 = most deprived)",
    "age_band": "Age band",
    "gender": "Gender",
    "language": "Preferred language",
    "interpreter": "Interpreter needed",
    "diagnosis_group": "Diagnosis group",
})  # fmt: skip
# Breakdowns by the unit's completed sitting in the period (issue 16).
SITTING_DIMENSIONS: Mapping[str, str] = MappingProxyType({
    "administration_language": "Language of administration",
    "interpreter_used": "Interpreter used",
    "screening_mode": "How screened",
})  # fmt: skip
BREAKDOWNS: Mapping[str, str] = MappingProxyType({**DIMENSIONS, **SITTING_DIMENSIONS})
# interpreter_used as the database groups it: 2 yes, 1 no, 0 not recorded (None: not screened).
INTERPRETER_USED = {2: "Yes", 1: "No", 0: "Not recorded"}
# screening_mode as the database groups it: the highest code among the unit's completed sittings.
SCREENING_MODES = {1: "Tablet (self)", 2: "Tablet with staff (assisted)", 3: "Remote (secure link)"}
# The fixed order of each coded dimension's groups; free-text ones sort alphabetically.
ORDER: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "ethnic_group": ETHNIC_GROUP_ORDER,
    "ethnic_category": tuple(ETHNIC_CATEGORIES),
    "imd_quintile": IMD_QUINTILES,
    "age_band": AGE_BANDS,
    "gender": tuple(GENDER_CODES.values()),
    "interpreter": ("Yes", "No"),
    "interpreter_used": ("Yes", "No", "Not recorded", NOT_SCREENED),
    "screening_mode": (*SCREENING_MODES.values(), NOT_SCREENED),
})  # fmt: skip


def check_dimensions(by: Sequence[str]) -> tuple[str, ...]:
    """One or two different known breakdowns, as given; InvalidValue otherwise."""
    names = tuple(by)
    unknown = [name for name in names if name not in BREAKDOWNS]
    if unknown:
        raise InvalidValue("--by", f"'{unknown[0]}' is not one of {', '.join(BREAKDOWNS)}.")
    if not 1 <= len(names) <= 2:
        raise InvalidValue("--by", "give one or two breakdowns.")
    if len(set(names)) != len(names):
        raise InvalidValue("--by", "give two different breakdowns.")
    return names


def imd_quintile(decile: int | None) -> str:
    """Quintile 1 = deciles 1-2 (clinical reference section 7)."""
    return NOT_KNOWN if decile is None else str((int(decile) + 1) // 2)


def group_label(dimension: str, value: object) -> str:
    """The published group of one stored value (site and clinic values are already codes)."""
    if dimension == "ethnic_group":
        return ETHNIC_GROUPS[str(value)]
    if dimension == "imd_quintile":
        return imd_quintile(value)  # type: ignore[arg-type]
    if dimension == "age_band":
        return band_for_age(int(value))  # type: ignore[call-overload]
    if dimension == "gender":
        return GENDER_CODES[str(value)]
    if dimension == "interpreter":
        return "Yes" if value else "No"
    if dimension in SITTING_DIMENSIONS and value is None:
        return NOT_SCREENED
    if dimension == "interpreter_used":
        return INTERPRETER_USED[int(value)]  # type: ignore[call-overload]
    if dimension == "screening_mode":
        return SCREENING_MODES[int(value)]  # type: ignore[call-overload]
    if dimension == "administration_language":
        return language_name(str(value))
    return str(value)


def language_name(tag: str) -> str:
    """A language of administration in English for managers ("so" -> "Somali"); the tag if unknown."""
    names = Locale("en").languages
    return str(names.get(tag.replace("-", "_")) or names.get(tag.split("-")[0]) or tag)


def sort_key(dimension: str, group: str) -> tuple[int, str]:
    """Natural order: the coded order where there is one, else alphabetical, unknowns last."""
    order = ORDER.get(dimension)
    if order is not None and group in order:
        return order.index(group), ""
    return (len(order) if order else 1 if group in (NOT_KNOWN, "Not recorded", NOT_SCREENED) else 0), group.casefold()
