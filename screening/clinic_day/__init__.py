"""The clinic day: today's clinic list, who is here, who was screened, declined or abandoned.

`services.clinic_day` lists today's patients with their screening status (search:
`screening.patients`; "screened recently" and "abandoned": `screening.sittings.rules.clinic_day_policy`);
`services.declines` records a decline with its reason (`rules.decline_reasons`);
`services.sitting_history` answers the list's questions about many patients at once;
`services.remote_status` reads screening at home for the whole list (a sitting begun from a
secure link, the link's state, whether there are contact details; issue 17) and
`rules.remote_words` says it in plain words.
"""
