"""Accounts and access: who may do what, signing in, and the secrets that guard it.

`rules.policy` is the one access policy every service checks (roles, permissions, site scope).
`services.sign_in` and `rules.sign_in_policy` are local sign-in, lockout and idle time-out;
`services.staff_sessions` keeps a signed-in session across a reload; `rules.passwords` hashes
with Argon2id; `rules.app_secrets` and `rules.secret_strength` refuse a weak secret;
`services.accounts` and `services.user_admin` are the administrator's user management.
"""
