"""A client that skipped a quarter, made from the demo: shared by the page and the PDF tests of its trends."""
from __future__ import annotations

from assessment.documents import earlier_cycles
from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import Cycle
from assessment.operations.snapshots import write_snapshots


def skip_a_quarter(organization: str, skipped: str, later: str) -> tuple[Cycle, Cycle]:
    """The organization as if it had run no cycle in ``skipped``: that cycle gone, the later one scored again
    (its change is then against the cycle before the gap, as for a client who skipped the quarter).

    Returns the later cycle and the one its changes are now against.
    """
    gone = cycle_by_name(f"{organization}/{skipped}")
    db.session.execute(db.delete(Cycle).where(Cycle.id == gone.id))
    db.session.expire_all()
    cycle = cycle_by_name(f"{organization}/{later}")
    write_snapshots(cycle)
    db.session.commit()
    return cycle, earlier_cycles(cycle)[-1]
