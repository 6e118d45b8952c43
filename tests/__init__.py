"""doedocket's test suite (run with `make test`)."""
