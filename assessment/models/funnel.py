"""What a team's CRM recorded in a period: the funnel the survey's perception is checked against."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import db
from assessment.models.organization import Team

#: The funnel's stages, first to last; each is a count of leads (or deals, for ``won``).
STAGES = ("inquiries", "mql", "sal", "sql", "won")
#: Figures that are not counts: hours from a lead's arrival to the first touch, and the share of
#: leads followed up within the agreed time.
RATES = ("speed_to_lead_hours", "sla_attainment")
FIGURES = (*STAGES, *RATES)


class FunnelMetrics(db.Model):
    """One team's CRM figures for one period, as the client's CRM reported them.

    Every figure is optional (many CRMs do not track SAL, say); ``None`` means
    "not reported", never zero. These are business figures about a team's
    pipeline, not answers of people, so the anonymity gate does not apply:
    tenancy alone decides who sees them.
    """

    __tablename__ = "funnel_metrics"
    __table_args__ = (
        UniqueConstraint("team_id", "period"),
        *(CheckConstraint(f"{stage} >= 0", name=f"{stage}_not_negative") for stage in STAGES),
        CheckConstraint("speed_to_lead_hours >= 0", name="speed_to_lead_not_negative"),
        CheckConstraint("sla_attainment >= 0 AND sla_attainment <= 100", name="sla_attainment_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept beside the team so that an organization's figures are one indexed query, as tenancy reads them.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(32))
    inquiries: Mapped[int | None]
    mql: Mapped[int | None]
    sal: Mapped[int | None]
    sql: Mapped[int | None]
    won: Mapped[int | None]
    speed_to_lead_hours: Mapped[float | None]
    sla_attainment: Mapped[float | None]

    team: Mapped[Team] = relationship()

    def figures(self) -> dict[str, float | int | None]:
        return {name: getattr(self, name) for name in FIGURES}
