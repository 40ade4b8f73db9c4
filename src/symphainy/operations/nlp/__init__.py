"""Linguistic analysis of procedure text: spaCy's English dependency parse, loaded lazily."""
