from django.utils.functional import SimpleLazyObject

from branches.kernel.scope import scope_for
from services.notifications.models import Notification
from torchbearer.accounts import LARGE_TEXT


def scope(request):
    """The user's scope for navigation: role label and what the menus may offer."""
    user = getattr(request, "user", None)
    return {"scope": scope_for(user)}


def notifications(request):
    """The unread count behind the bell in the navigation bar (one query, only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }


def large_text(request):
    """Whether the page is shown in large text: the login's choice, copied into its session."""
    session = getattr(request, "session", None)
    return {"large_text": bool(session is not None and session.get(LARGE_TEXT))}
