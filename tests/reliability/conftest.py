"""The quick reliability checks run in process over the web tests' fast services."""

from tests.web.conftest import make_services, services, shared_index  # noqa: F401
