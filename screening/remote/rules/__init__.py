"""The remote screening rules: pure functions, no database, web page or services (see the package above)."""
