"""Age in whole years, and the age bands used wherever a date of birth must not appear.

Design decision: pseudonymised exports and the uptake analyses show an age band, never a
date of birth. The clinical reference gives no age bands (section 7 covers the coded
demographics); these are the bands issue 5 names, ten-year groups with the under-18s and
18-24s apart. Age is counted on a given day (the sitting's Europe/London date), not
"today", so an export or chart made next year says the same thing. A 29 February
birthday turns a year older on 1 March in non-leap years (UK legal practice).

Pure module: the uptake work reuses `age_band` and `AGE_BANDS` for its groups and order.
"""

from __future__ import annotations

from datetime import date

# (lowest age in the band, label), youngest first; the last band is open-ended.
_BANDS: tuple[tuple[int, str], ...] = (
    (0, "under 18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-54"),
    (55, "55-64"),
    (65, "65-74"),
    (75, "75+"),
)
AGE_BANDS: tuple[str, ...] = tuple(label for _, label in _BANDS)
BAND_STARTS: tuple[int, ...] = tuple(lowest for lowest, _ in _BANDS)


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def band_for_age(age: int) -> str:
    """The band holding `age` (a negative age, a data error, is "under 18")."""
    label = AGE_BANDS[0]
    for lowest, band in _BANDS:
        if age >= lowest:
            label = band
    return label


def age_band(date_of_birth: date, day: date) -> str:
    """The age band of someone born on `date_of_birth`, on `day`."""
    return band_for_age(age_on(date_of_birth, day))
