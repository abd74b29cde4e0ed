"""Accounts and access: who may do what, signing in, and the secrets that guard it.

The one access policy every service checks (roles, permissions, site scope) is
`screening.policy`, below every part. `services.sign_in` and `rules.sign_in_policy` are local
sign-in, lockout and idle time-out (the session kept across a reload is
`screening.patient_mode.services.staff_sessions`); `rules.passwords` hashes with Argon2id; `rules.app_secrets` and `rules.secret_strength` refuse a weak secret;
`services.accounts` and `services.user_admin` are the administrator's user management.
"""
