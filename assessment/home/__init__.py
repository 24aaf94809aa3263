"""The landing page: where a newcomer starts."""
