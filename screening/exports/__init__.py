"""Exports: CSV and FHIR R4, pseudonymised by default, every one audited.

`services.export_access` says who may export what (identifiable data needs its own permission,
from `screening.policy`) and writes the audit row; `services.export_reading` streams
the sittings; `rules.export_columns` and `rules.fhir_bundle` shape them; `rules.export_files`
writes a file so that a failure never leaves half of it; `screening.csv_safety` neutralises
spreadsheet formulas; `rules.pseudonyms` keys the pseudonyms.
"""
