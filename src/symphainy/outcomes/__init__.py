"""Business outcomes: journey summary, roadmap, proof-of-concept proposal, financials, exports."""
