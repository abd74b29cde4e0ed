"""Imports: clinic lists and historical screenings from CSV, all or nothing (issues 5 and 14).

A file is read (`rules.csv_encoding`, `rules.csv_source`), each row checked into typed values
(`rules.attendance_rows`, `rules.screening_rows`, `rules.import_fields`) and reported
(`rules.import_report`); a clinic list's optional contact columns (issue 17) are
`rules.contact_columns`, stored by `services.contact_records`. `services.import_runs` runs
one import: check everything with reads only, stage the rows, then `services.import_apply` writes them in short paced steps
(`services.import_steps`) so a tablet never waits; `services.import_recovery` finishes an import
a stopped process left behind, exactly once.
"""
