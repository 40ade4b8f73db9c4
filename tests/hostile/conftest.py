"""The HTTP fixtures of the integration layer: an app on each test backend, signed-in users."""

from tests.integration.conftest import alice, app_client, bob  # noqa: F401
