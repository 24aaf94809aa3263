"""The read-only JSON API under ``/api/v1/``, described by ``openapi.yaml``."""
