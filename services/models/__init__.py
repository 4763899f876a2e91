from branches.audit import audit
from services.models.cases import Case, CaseKind, CaseStatus
from services.models.enterprises import Enterprise
from services.models.notifications import Notification
from services.models.photos import RecordPhoto
from services.models.problems import (
    PROBLEM_ORDER,
    Measure,
    Problem,
    ProblemClass,
    ProblemSource,
    ProblemStatus,
    RoundTable,
)
from services.models.records import (
    ActivityKind,
    Beneficiary,
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)
from services.models.review import RecordQuerySet, ReviewedRecord, ReviewStatus
from services.models.satisfaction import Channel, SatisfactionTally
from services.models.speedups import InvestmentProject, JointItem, ProjectMilestone, speedup
from services.models.tallies import (
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
    MonthSatisfaction,
    WindowYearSatisfaction,
)

RECORD_MODELS = [ServiceRecord, PracticalDeed, ServiceActivity, Patrol]

# The records keep their history through ReviewedRecord; these are the other inputs of the figures.
audit(
    [Enterprise, RecordPhoto, ProblemClass, Problem, RoundTable, Measure, SatisfactionTally, InvestmentProject, ProjectMilestone, JointItem, Case],
    m2m_fields={RoundTable: ["attendees", "problems"], InvestmentProject: ["team"]},
)

__all__ = [
    "BranchTally",
    "CommitteeTally",
    "EnterpriseYearTally",
    "MemberYearTally",
    "MonthSatisfaction",
    "WindowYearSatisfaction",
    "PROBLEM_ORDER",
    "RECORD_MODELS",
    "Channel",
    "InvestmentProject",
    "JointItem",
    "Measure",
    "Problem",
    "ProblemClass",
    "ProblemSource",
    "ProblemStatus",
    "ProjectMilestone",
    "RoundTable",
    "SatisfactionTally",
    "speedup",
    "ActivityKind",
    "Beneficiary",
    "Case",
    "CaseKind",
    "CaseStatus",
    "Enterprise",
    "Notification",
    "Patrol",
    "PracticalDeed",
    "RecordPhoto",
    "RecordQuerySet",
    "ReviewStatus",
    "ReviewedRecord",
    "ServiceActivity",
    "ServiceKind",
    "ServiceReason",
    "ServiceRecord",
]
