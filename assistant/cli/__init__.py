"""The `cxcoach` command line: thin commands over the services."""
