"""Screening before the visit, from a secure link sent by SMS or email (issue 17).

Design (clinical reference s6 and s9, v2):
- A clinic that invites patients (`ClinicInvitationSetting`) gets, for each upcoming
  appointment not yet screened whose patient has a mobile or email and has not asked for
  no contact, an invitation N days before and a reminder (`send-invitations`, safe on
  several servers at once: each message is claimed by a unique row before it is sent).
- Each message carries its own random token (256 bits, `secrets.token_urlsafe(32)`); only
  its SHA-256 is stored. A token opens one appointment's invitation, which expires at the
  end of the appointment's London day, can be revoked by staff, and locks after five wrong
  dates of birth (staff reissue a new link). It works again and again until the sitting
  is finished, on any device.
- The remote questionnaire is served by its own entry script (`remote_app.py`) with no
  staff pages; the sitting it begins is an ordinary sitting (`remote` set), scored and
  flagged like any other, and its urgent flags go to the out-of-hours contact at once.

`rules`: `links` (token, hash, expiry, the date of birth typed), `invitation_timing` (when a
message is due, a clinic's days), `invitation_messages` (which message is due, SMS or email,
the link's address). Whether a link opens is `screening.sittings.rules.remote_door`, because
the sittings services ask it on every answer.
`services`: `links` (invitations and links made, reissued, revoked), `door` (the link, the
date of birth, admission to one sitting), `invitation_settings` (a clinic's days, for
administrators), `invitation_plan` (what is due, one query), `invitation_claims` (claims
committed before sending), `invitations` (`send_due_invitations`, staff `send_link`),
`invitation_status` (what the clinic list says of a link).
"""
