"""The consultant's console: rosters, cycles, invitations and branding of the organizations they manage.

One blueprint, one module per task (``overview``, ``roster``, ``cycles``, ``publishing``, ``withdraw``,
``branding``, ``funnel``, ``access``); every page goes through ``managed_organization`` so a consultant reaches only their own clients.
"""
from assessment.manage.blueprint import bp
from assessment.manage import overview  # noqa: F401  (registers its routes on bp)
from assessment.manage import cycles  # noqa: F401  (registers its routes on bp)
from assessment.manage import publishing  # noqa: F401  (registers its routes on bp)
from assessment.manage import roster  # noqa: F401  (registers its routes on bp)
from assessment.manage import branding  # noqa: F401  (registers its routes on bp)
from assessment.manage import funnel  # noqa: F401  (registers its routes on bp)
from assessment.manage import withdraw  # noqa: F401  (registers its routes on bp)
from assessment.manage import access  # noqa: F401  (registers its routes on bp)

__all__ = ["bp"]
