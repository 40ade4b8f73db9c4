"""A semantic parser for questions over one table (see ``parser`` for the coverage rule)."""
