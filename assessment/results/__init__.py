"""Results pages of a closed cycle: organization, team, and any filtered group."""
from assessment.results import explore, phone_chart  # noqa: F401  (register their routes on bp)
from assessment.results.routes import bp

__all__ = ["bp"]
