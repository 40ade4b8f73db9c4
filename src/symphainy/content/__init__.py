"""Content pillar: upload, store, parse, preview and search a journey's files."""
