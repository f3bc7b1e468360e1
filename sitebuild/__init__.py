"""Build-only code: turns docs/, guide/ and illustrations/ into the static site (never shipped)."""
