"""An action's refusal as the words a user reads: one way for every page and admin action."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def action_error_text(error):
    """The message(s) of a ValidationError or PermissionDenied raised by an action, as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def report_action_error(request, error):
    """Tell the user, on the next page, why an action refused."""
    messages.error(request, action_error_text(error))
