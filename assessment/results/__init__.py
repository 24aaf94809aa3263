"""Results pages of a closed cycle: organization, team, and any filtered group."""
from assessment.results import explore  # noqa: F401  (registers its route on bp)
from assessment.results.routes import bp

__all__ = ["bp"]
