from branches.models.commitments import (
    Honour,
    HonourLevel,
    ResponsibilityZone,
    ServicePledge,
)
from branches.models.organisation import (
    Branch,
    BranchBrand,
    BusinessLine,
    Committee,
    GroupKind,
    HallArea,
    PartyGroup,
    Window,
)
from branches.models.people import (
    BranchRole,
    CommitteeRole,
    DevelopmentStep,
    Gender,
    Person,
    PoliticalStatus,
)

__all__ = [
    "Branch",
    "BranchBrand",
    "BranchRole",
    "BusinessLine",
    "Committee",
    "CommitteeRole",
    "DevelopmentStep",
    "Gender",
    "GroupKind",
    "HallArea",
    "Honour",
    "HonourLevel",
    "PartyGroup",
    "Person",
    "PoliticalStatus",
    "ResponsibilityZone",
    "ServicePledge",
    "Window",
]
