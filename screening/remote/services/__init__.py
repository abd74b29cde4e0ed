"""The remote screening services: take a SQLAlchemy Session, apply the rules, never commit."""
