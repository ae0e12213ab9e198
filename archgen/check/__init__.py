"""`archgen check`'s findings: freshness by fingerprint, consistency by reading back."""
