"""The domain as SQLAlchemy 2 typed models (DESIGN section 3)."""
from assessment.models.action import Action, ActionStatus
from assessment.models.benchmark import BenchmarkSet
from assessment.models.cycle import Cycle, CycleStatus, EarlierLink, ErasedInvitations, Invitation, InvitedCount
from assessment.models.funnel import FunnelMetrics
from assessment.models.organization import Organization, Participant, Team
from assessment.models.questionnaire import StoredQuestionnaire
from assessment.models.response import Response, ResponseFile
from assessment.models.snapshot import ScoreSnapshot
from assessment.models.user import AuditEntry, Role, SignIn, User

__all__ = [
    "Action", "ActionStatus", "AuditEntry", "BenchmarkSet", "Cycle", "CycleStatus", "EarlierLink", "ErasedInvitations", "FunnelMetrics", "Invitation", "InvitedCount", "Organization", "Participant", "Response", "ResponseFile",
    "Role", "ScoreSnapshot", "SignIn", "StoredQuestionnaire", "Team", "User",
]
