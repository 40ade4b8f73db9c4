"""Insights: profiles, data quality, charts, summaries, questions, mappings and reviews."""
