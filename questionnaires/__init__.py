"""Instrument definitions as data: one validated TOML file per instrument.

`load_instrument("phq9")` returns a frozen `Instrument` (FHIR Questionnaire shape);
`list_instruments()` gives the shipped ids. Pure Python: this package imports no
Streamlit, database or web code, and nothing here scores answers (see
`screening.clinical.rules.scoring`).
"""

from questionnaires.loader import list_instruments, load_file, load_instrument
from questionnaires.model import (
    AnswerOption,
    Band,
    Coding,
    EnableWhen,
    Instrument,
    Item,
    Score,
    Subscale,
)

__all__ = [
    "AnswerOption",
    "Band",
    "Coding",
    "EnableWhen",
    "Instrument",
    "Item",
    "Score",
    "Subscale",
    "list_instruments",
    "load_file",
    "load_instrument",
]
