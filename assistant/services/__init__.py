"""Application services: what the CLI and the web app both call. Thin adapters sit on top."""
