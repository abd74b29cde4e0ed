"""Services: functions that take a SQLAlchemy Session, apply the pure rules and never commit."""
