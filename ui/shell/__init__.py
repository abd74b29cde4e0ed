"""The frame every page shares: sign-in state, navigation, notices, the outage path, text."""
