"""Labelled examples the assistant compares messages with (data, not templates said to users)."""
