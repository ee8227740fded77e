"""View models: what a template shows, computed from service results by pure functions."""
