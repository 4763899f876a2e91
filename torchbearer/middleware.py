"""Middleware of the project."""


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
