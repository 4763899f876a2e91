"""The notifications a user has received in the app, and how they want to be told."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.kernel.messages import attempt
from services.notifications import actions
from services.notifications.forms import PreferencesForm
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


@login_required
def notification_preferences(request):
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, preferences=actions.preferences_of(request.user))
    if form.is_valid():
        if attempt(form, lambda: actions.save_preferences(request.user, form.choices())):
            messages.success(request, _("Your choices are saved."))
            return redirect("services:notification-preferences")
    return render(request, "notifications/preferences.html", {"form": form})
