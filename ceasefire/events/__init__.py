"""The events stage."""
