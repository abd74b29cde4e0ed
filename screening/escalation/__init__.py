"""Escalation: who is told, and when, while an urgent flag waits (clinical reference s6 v2).

`rules.escalation_rules` decides the step an unacknowledged urgent flag needs now, within
`rules.clinic_hours`, to `rules.escalation_contacts`. `services.escalation_pass` is one pass
(`python -m screening escalate`): claim each due step atomically (`services.escalation_steps`),
send it through `screening.notifications`, record the outcome. Administrators edit the set-up
through `services.escalation_settings`.
"""
