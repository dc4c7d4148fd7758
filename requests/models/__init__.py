"""The models of requests, one module per aggregate: the request (rfa), the HCT decision (hct), the tasks of
the military (tasking). Import them from here: `from requests.models import Task`."""

from .exports import ExportJob
from .hct import APPROVALS, Decision, DecisionOutcome, HctReferral, HctResponse
from .meetings import Meeting
from .rfa import (
    ATTACHMENT_TYPES,
    LATITUDE,
    LONGITUDE,
    MAX_ATTACHMENT_BYTES,
    AssessmentAnswer,
    AssistanceRequest,
    AssistanceType,
    Capability,
    Cluster,
    Priority,
    ReferenceCounter,
    RequestAttachment,
    RequestComment,
    RequestLeg,
    RequestStatus,
    WithdrawalReason,
    attachment_path,
    validate_attachment,
)
from .search import RequestSearch
from .tasking import (
    ACTIVE_TASK_STATES,
    PENDING_FIRST,
    ConditionsAcknowledgement,
    Task,
    TaskGroupObjectPermission,
    TaskReport,
    TaskStatus,
    TaskUserObjectPermission,
)

__all__ = [
    "RequestSearch",
    "ACTIVE_TASK_STATES",
    "PENDING_FIRST",
    "APPROVALS",
    "ATTACHMENT_TYPES",
    "LATITUDE",
    "LONGITUDE",
    "MAX_ATTACHMENT_BYTES",
    "AssessmentAnswer",
    "AssistanceRequest",
    "AssistanceType",
    "Capability",
    "Cluster",
    "ConditionsAcknowledgement",
    "Decision",
    "ExportJob",
    "DecisionOutcome",
    "HctReferral",
    "HctResponse",
    "Meeting",
    "Priority",
    "ReferenceCounter",
    "RequestAttachment",
    "RequestComment",
    "RequestLeg",
    "RequestStatus",
    "WithdrawalReason",
    "Task",
    "TaskGroupObjectPermission",
    "TaskReport",
    "TaskStatus",
    "TaskUserObjectPermission",
    "attachment_path",
    "validate_attachment",
]
