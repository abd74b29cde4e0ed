"""Patients: who a patient is: NHS number (s7), age bands, the search box.

`rules.nhs_number` checks an NHS number; `rules.age_bands` gives ages and the bands used
wherever a date of birth must not appear; `services.patient_search` is the clinic list's search
as one SQL condition. Matching imported patients is `screening.imports.services.patient_records`.
"""
