"""The audit log of security events (sign-ins, tokens, roles, deletions)."""
