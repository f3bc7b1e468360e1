"""Server-only code: serves the built site and the access-code API on one origin."""
