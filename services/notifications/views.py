"""The notifications a user has received in the app."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from services.notifications import actions
from services.notifications.models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.mark_read(notification)
    if notification.url.startswith("/") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("services:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    actions.mark_all_read(request.user)
    return redirect("services:notification-list")
