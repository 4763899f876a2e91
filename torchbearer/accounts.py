"""Logging in and passwords: Django's views, with the temporary password the committee office
sets (changed at the next login) and the reset by e-mail where e-mail is configured; and the
login's large-text choice (长者模式)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.kernel.throttle import PASSWORD_RESET
from branches.people import actions
from torchbearer.middleware import MUST_CHANGE_PASSWORD

#: The session's copy of the login's large-text choice, which every page reads (no query per page).
LARGE_TEXT = "large_text"


def remember_large_text(sender, request, user, **kwargs):
    """At login (``user_logged_in``) the login's choice is copied into the new session."""
    request.session[LARGE_TEXT] = actions.reads_large_text(user)


@require_POST
def large_text(request):
    """Large text on (``on=1``) or off, kept for the login, then back to the page it was chosen on.

    Signed out meanwhile (an expired session), the user is sent to log in and then back to that
    page, not to this address, which only takes POST.
    """
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    back = back if safe and back.startswith("/") else reverse("dashboard")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    on = request.POST.get("on") == "1"
    actions.choose_large_text(request.user, on)
    request.session[LARGE_TEXT] = on
    messages.success(request, _("Large text is on.") if on else _("Large text is off."))
    return HttpResponseRedirect(back)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if actions.must_change_password(form.get_user()):
            self.request.session[MUST_CHANGE_PASSWORD] = True
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset": settings.PASSWORD_RESET_BY_EMAIL}


class PasswordChangeView(auth_views.PasswordChangeView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.session.get(MUST_CHANGE_PASSWORD):
            context["must_change"] = _("Your password is a temporary one: choose a password of your own to go on.")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        actions.password_changed(self.request.user)
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        return response


class ResetByEmailOnly:
    """The reset pages exist only where e-mail is configured (``EMAIL_HOST``)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(ResetByEmailOnly, auth_views.PasswordResetView):
    """Asking for a reset link: throttled per address, and the same answer whether or not the
    address belongs to someone (Django's own view says nothing either way)."""

    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if PASSWORD_RESET.blocked(self.request):
            form.add_error("email", _("Too many reset links were asked for; wait an hour, then try again."))
            return self.form_invalid(form)
        PASSWORD_RESET.failed(self.request)
        return super().form_valid(form)


class PasswordResetDoneView(ResetByEmailOnly, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(ResetByEmailOnly, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        actions.password_changed(form.user)
        return response


class PasswordResetCompleteView(ResetByEmailOnly, auth_views.PasswordResetCompleteView):
    pass
