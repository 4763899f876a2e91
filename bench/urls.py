"""The project's URLs plus the floor: a login-required page that renders the base layout, empty.

The floor costs what every page of the stack costs (session, user, scope, the navigation bar and
its unread-notification count, the layout), so a page's time over the floor's is its own work.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from torchbearer.urls import urlpatterns as project_urlpatterns

FLOOR = engines["django"].from_string('{% extends "base.html" %}')


@login_required
def floor(request):
    return HttpResponse(FLOOR.render({}, request))


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *project_urlpatterns]
