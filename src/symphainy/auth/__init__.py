"""Accounts: registration, sign-in sessions, API tokens, password resets and who is calling."""
