"""Mind & Body screening: the domain (pure rules), services and command line.

Nothing is imported here on purpose: `models/` imports the pure domain modules
(`screening.clinical.rules.codes`, `screening.errors`) and must not pull in the services.
"""
