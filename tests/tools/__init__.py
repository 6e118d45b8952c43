"""Helper programs the tests run in subprocesses."""
