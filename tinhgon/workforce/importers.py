"""Excel imports of the workforce and of approved positions (filled in below)."""
