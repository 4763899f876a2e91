"""Middleware of the project."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse


class ChineseUnlessChosenMiddleware:
    """Serve Chinese unless the user chose another language in the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so a hall PC with
    an English browser would show English. The office works in Chinese: only the language cookie
    set by the switcher (or a language prefix) may change that. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class OwnNotFoundPageMiddleware:
    """Under DEBUG (the README's run command), "not found" is the app's own page, as in production.

    Django answers a page not found under DEBUG with its technical page, in English, listing the
    URL patterns: a newcomer following the README would meet it wherever a user meets the app's
    404 page (another branch's record, a dead link). Forbidden (403) is the app's page already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404:
            response = render(request, "404.html", status=404)
        return response


#: The session remembers, from the login on, that the password is a temporary one.
MUST_CHANGE_PASSWORD = "must_change_password"


class PasswordChangeRequiredMiddleware:
    """After logging in with a temporary password (set by the committee office), every page but
    changing it and logging out leads to changing it."""

    OPEN_URL_NAMES = ("password_change", "password_change_done", "logout", "large-text")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(MUST_CHANGE_PASSWORD) and request.user.is_authenticated:
            if request.path not in {reverse(name) for name in self.OPEN_URL_NAMES}:
                return redirect("password_change")
        return self.get_response(request)
