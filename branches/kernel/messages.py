"""An action's refusal as the words a user reads: one way for every page and admin action.

A page runs an action with :func:`attempt` (its refusal becomes errors on the form, nothing half
saved) or, for a button without a form, :func:`attempt_and_report` (a message on the next page);
an admin action and a list of results use :func:`action_error_text`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction


def action_error_text(error):
    """The message(s) of a ValidationError or PermissionDenied raised by an action, as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def report_action_error(request, error):
    """Tell the user, on the next page, why an action refused."""
    messages.error(request, action_error_text(error))


def add_action_error(form, error):
    """Show a ValidationError raised by an action on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def attempt_and_report(request, action):
    """Run an action in one transaction; a refusal becomes a message on the next page.

    Returns what the action returned (True for nothing), or None when it was refused.
    """
    try:
        with transaction.atomic():
            result = action()
    except ValidationError as error:
        report_action_error(request, error)
        return None
    return True if result is None else result


def attempt(form, action):
    """Run an action in one transaction; a refusal becomes errors on the form, nothing half-saved.

    Returns what the action returned, or None when it was refused.
    """
    try:
        with transaction.atomic():
            return action()
    except ValidationError as error:
        add_action_error(form, error)
        return None
