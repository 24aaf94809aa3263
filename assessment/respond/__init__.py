"""Respondent pages: the personal, anonymous survey link ``/s/<token>``."""
