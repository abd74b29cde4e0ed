"""The invented demo service: made-up patients, visits, answers, flags and one account per role.

Loaded by `python -m screening init-db --demo` into a database named as the demo
(`screening.database.rules.demo_mode`); never imported by the production packages.
"""
