"""spaCy components of the nlp stage, one per file."""
