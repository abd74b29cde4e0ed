"""The clinical rules: scores, bands, flags and Vital 5 (clinical reference s1-s7).

Pure functions over answers, no storage: `scoring` (totals, bands, proration), `flags` (who gets
which flag, s6) with the flag vocabulary in `flag_codes`, `vital5` and `vital5_entry` (s5),
`gateway` (the PHQ-4 gateway rule, s3 v2), `patient_sections` (which questionnaires, in order),
`risk_item` (item 9 in an unfinished sitting), `reliable_change`, `codes` (NHS coded values, s7),
`results` (the result types the scoring and flag rules share) and `clinical_config` (every threshold
as named configuration). Storing what they decide is the job of `screening.sittings`.
"""
