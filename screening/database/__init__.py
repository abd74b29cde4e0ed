"""The database: opening it at head, one transaction per action, roles, and demo mode.

`services.database` opens the product's database (SQLite or PostgreSQL, `DATABASE_URL`) and
runs one transaction per user action; `services.database_roles` keeps the schema owner apart
from the app's role; `services.reachability` tells "cannot be reached" from other errors;
`rules.demo_mode` and `services.demo_database` keep the invented demo service apart from real
data; `services.status` is `python -m screening check`.
"""
