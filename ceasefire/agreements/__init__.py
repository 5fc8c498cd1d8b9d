"""The agreements stage."""
