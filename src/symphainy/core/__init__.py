"""Shared plumbing every pillar uses: database, jobs, security, logging, metrics, errors."""
