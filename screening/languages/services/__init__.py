"""The languages services: take a SQLAlchemy Session, apply the rules, never commit."""
