"""Flag review: the psychologists' queue, most urgent first, closed to an outcome (issue 7).

The review is a small state machine (`rules.flag_workflow`) ending in an outcome
(`rules.flag_outcomes`), due by working days (`rules.due_times`). `services.flag_queue` is the
queue; `services.flag_actions` the actions, each one change under optimistic locking
(`services.flag_changes`); `services.patient_history` the psychologist's patient view;
`services.urgent_alerts` the banner of unacknowledged urgent flags; `rules.flag_metrics` and
`services.flag_timings` the managers' review-time measures.
"""
