"""Streamlit glue shared by the pages: the cached database, banners, error display.

May import streamlit, `screening` and `questionnaires`; never `models` or SQLAlchemy.
"""
