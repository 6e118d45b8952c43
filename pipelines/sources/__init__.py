"""Source readers: each module's `read()` turns one format into staging frames."""
