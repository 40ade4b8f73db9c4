"""Chaos tests use the shared fixtures; their processes are started and stopped in the tests."""
