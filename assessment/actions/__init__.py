"""A team's actions: committed to on its results page, changed on a page of their own."""
from assessment.actions.routes import bp

__all__ = ["bp"]
