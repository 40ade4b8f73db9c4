"""Workspaces and their members' roles."""
