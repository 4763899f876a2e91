"""Business actions of services/: the record review workflow and the problem loop.

Views, admin actions, the demo seeder and tests all call these functions.
"""

from services.actions.problems import (
    complete_measure,
    hold_round_table,
    may_run_loop,
    problem_from_patrol,
    report_problem,
    resolve,
    start_work,
    verify,
)
from services.actions.records import (
    approve,
    attach_photos,
    check_daily_hours,
    enterprise_for,
    is_author,
    make_thumbnail,
    may_edit,
    may_log_for,
    may_review,
    notify,
    notify_reviewers,
    return_record,
    review_many,
    reviewer_user_ids,
    submit,
    update,
)

__all__ = [
    "approve",
    "attach_photos",
    "complete_measure",
    "check_daily_hours",
    "enterprise_for",
    "is_author",
    "hold_round_table",
    "make_thumbnail",
    "may_edit",
    "may_log_for",
    "may_review",
    "may_run_loop",
    "notify",
    "notify_reviewers",
    "problem_from_patrol",
    "report_problem",
    "resolve",
    "return_record",
    "review_many",
    "reviewer_user_ids",
    "start_work",
    "submit",
    "update",
    "verify",
]
