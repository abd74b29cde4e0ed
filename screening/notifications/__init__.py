"""Notifications: telling a named member of staff that something needs them (issue 13).

Design decisions:
- One interface (`rules.sending.Sender`: `send_sms` / `send_email` -> `SendResult`) and two
  adapters behind it in `services`: GOV.UK Notify (`services.notify_sender`, the maintained
  `notifications-python-client`) and a local outbox table (`services.outbox`) that the demo and
  any installation without a Notify API key use. `services.senders` picks one.
- Messages carry no patient identifiers (`rules.messages`): a clinic name and what to do next.
  The full story is one click away, behind sign-in, in the flag queue.
- `rules` is pure (no database, no network, no Streamlit): the words, the statuses and the
  interface. Whatever does I/O lives in `services`.
"""
