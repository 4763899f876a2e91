from services.models.cases import Case, CaseKind, CaseStatus
from services.models.enterprises import Enterprise
from services.models.notifications import Notification
from services.models.photos import RecordPhoto
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

RECORD_MODELS = [ServiceRecord, PracticalDeed, ServiceActivity, Patrol]

__all__ = [
    "RECORD_MODELS",
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
