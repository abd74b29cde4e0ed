"""The remote questionnaire's web layer (issue 17): served by remote_app.py, with no staff pages."""
