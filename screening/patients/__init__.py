"""Patients: who a patient is: NHS number (s7), matching imported patients, the search box.

`rules.nhs_number` checks an NHS number; `services.patient_records` matches imported patients by
NHS number and brings their demographics up to date; `services.patient_search` is the clinic
list's search as one SQL condition.
"""
