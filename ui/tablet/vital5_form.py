"""The staff Vital 5 form: up to three blood pressure readings, height, weight and smoking.

Design decisions:
- One form, so a tablet reruns once per save, not once per keystroke.
- Labels, units, accepted ranges and smoking options come from `questionnaires/vital5.toml`
  (the same file the checks read); the widgets set no limits of their own, so a value out
  of range reaches the service and comes back refused with the accepted range in words.
- Widget keys carry the sitting id, so another patient's sitting never shows these values.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from questionnaires import load_instrument
from screening.clinical.rules.vital5 import MAX_BP_READINGS
from screening.clinical.rules.vital5_entry import CONFIRM_LABEL
from screening.counted import counted
from screening.policy import CurrentUser
from screening.sittings.rules.sitting_summaries import SittingSummary
from screening.sittings.services.measurements import record_vital5
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database


def _accepted(link_id: str) -> str:
    item = load_instrument("vital5").item(link_id)
    return f"Accepted: {item.min_value:g} to {item.max_value:g} {item.unit}."


def _number(
    link_id: str, label: str, summary: SittingSummary, key: str, decimals: int, where: Any = st
) -> int | float | None:  # where: st itself or a column
    """A number box showing the saved value; 0 decimals gives whole numbers (mmHg)."""
    saved = summary.vital5.get(link_id)
    value = saved if isinstance(saved, (int, float)) else None
    common = {"key": f"{key}_{link_id}", "help": _accepted(link_id)}
    if decimals == 0:
        return where.number_input(label, value=None if value is None else int(value), step=1, **common)
    return where.number_input(label, value=None if value is None else float(value), step=10**-decimals,
                              format=f"%.{decimals}f", **common)  # fmt: skip


def vital5_form(user: CurrentUser, summary: SittingSummary) -> None:
    instrument = load_instrument("vital5")
    key = f"sitting_{summary.sitting_id}_vital5"
    smoking = instrument.item("smoking_status")
    codes = [str(value) for value in smoking.option_values()]  # smoking codes are text already ("1", "Z")
    saved_code = summary.vital5.get("smoking_status")
    with st.form(key):
        st.subheader("Vital 5 measures")
        st.caption(instrument.lead_in)
        readings = []
        for n in range(1, MAX_BP_READINGS + 1):
            left, right = st.columns(2)
            readings.append((
                _number(f"bp_systolic_{n}", f"Reading {n}: systolic (mmHg)", summary, key, 0, left),
                _number(f"bp_diastolic_{n}", f"Reading {n}: diastolic (mmHg)", summary, key, 0, right),
            ))  # fmt: skip
        left, right = st.columns(2)
        height = _number("height_m", "Height (m)", summary, key, 2, left)
        weight = _number("weight_kg", "Weight (kg)", summary, key, 1, right)
        # s5 v2: a BMI under 12 or over 70 is stored only after staff confirm it.
        bmi_checked = st.checkbox(
            CONFIRM_LABEL, key=f"{key}_bmi_confirmed", help="Needed only when the BMI is under 12 or over 70."
        )
        chosen = codes.index(saved_code) if isinstance(saved_code, str) and saved_code in codes else None
        code = st.radio(
            smoking.text,
            codes,
            index=chosen,
            format_func=lambda c: smoking.option(c).label,
            horizontal=True,
            key=f"{key}_smoking",
        )
        submitted = st.form_submit_button("Save measurements", type="primary", icon=":material/save:")
    if submitted:
        with user_errors():
            with database().transaction() as session:
                recorded = record_vital5(
                    session, actor=user, sitting_id=summary.sitting_id, readings=readings, height_m=height,
                    weight_kg=weight, smoking_status=code, app_session=auth.app_session(), bmi_confirmed=bmi_checked,
                )  # fmt: skip
            st.success(f"Saved: {counted(recorded, 'measure')} recorded.", icon=":material/check_circle:")
