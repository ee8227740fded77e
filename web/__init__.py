"""The cxcoach web app (FastAPI + Jinja2 + HTMX). Routes are thin; services do the work."""
