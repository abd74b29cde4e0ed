"""Exports as downloads: pseudonymised CSV, identifiable CSV or FHIR R4 (with a reason)."""

import os
from datetime import timedelta

import streamlit as st

from screening.access.rules.app_secrets import pseudonym_key
from screening.database.services.demo_database import demo_mode
from screening.exports.rules.export_download import csv_bytes, zip_bytes
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.csv_export import CsvExport, csv_export
from screening.exports.services.fhir_export import FhirExport, fhir_export
from screening.policy import Action
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import user_errors
from ui.shell.runtime import database, file_secrets

user = page_user(Action.EXPORT_PSEUDONYMISED)
st.title("Exports")
st.caption("Every export is recorded in the audit log. Identifiable exports and FHIR need a reason.")
today = auth.now().astimezone(auth.LONDON).date()
KINDS = {"csv": "CSV, pseudonymised", "csv_id": "CSV, identifiable", "fhir": "FHIR R4 Bundles (ZIP)"}

with st.form("admin_exports_form"):
    kind = st.radio("Export", list(KINDS), format_func=KINDS.get, horizontal=True)
    left, right = st.columns(2)
    start = left.date_input("From", today - timedelta(days=30), format="DD/MM/YYYY")
    end = right.date_input("To", today, format="DD/MM/YYYY")
    site = st.text_input("Site code (blank for every site)", max_chars=20)
    reason = st.text_input("Reason (identifiable and FHIR exports)", max_chars=200)
    prepared = st.form_submit_button("Prepare export", type="primary")

if prepared:
    with user_errors():
        request = ExportRequest(start, end, site or None, identifiable=kind != "csv", reason=reason)
        with database().transaction() as session:
            export: FhirExport | CsvExport
            if kind == "fhir":
                export = fhir_export(session, actor=user, request=request)
                data, name, mime = zip_bytes(export.files), f"fhir-{start}-{end}.zip", "application/zip"
            else:
                key = pseudonym_key(os.environ, file_secrets(), demo=demo_mode(session))
                export = csv_export(session, actor=user, request=request, key=key)
                data, name, mime = csv_bytes(export.columns, export.rows), f"screening-{start}-{end}.csv", "text/csv"
        st.success(f"{export.sittings:,} sittings of {export.patients:,} patients are ready.")
        st.download_button(
            f"Download {name}", data, file_name=name, mime=mime, on_click="ignore", icon=":material/download:"
        )
