"""SymphAIny: an AI platform that walks a business team from raw files to an actionable proposal."""

__version__ = "0.1.0"
