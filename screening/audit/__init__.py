"""The audit log: who changed what, when; append-only and hash-chained (issue 14).

`services.audit` writes each row; `rules.audit_chain` is how a row's hash is made and a chain
checked (`services.audit_integrity`, `python -m screening verify-audit`); `services.audit_log`
reads and exports the log for administrators, with the filters in `rules.audit_filters`.
"""
