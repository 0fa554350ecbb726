"""Placeholder until the import kind is written."""
