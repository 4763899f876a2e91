"""The path of an object's page, for lists that link each of their lines.

Django's ``reverse()`` matches its arguments against the URL pattern again at every call, which
adds up over the links of a calendar of a hundred lectures (docs/PERFORMANCE.md). The
path of an object's page differs from one object to the next by the object's id only: it is
reversed once, with a sample id, for each URL configuration and script prefix, and each call puts
its id in the sample's place.
"""

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

SAMPLE_ID = 918273645  # an id no path holds but in its own place

_paths = {}


def object_path(name, pk, *leading):
    """``reverse(name, args=[*leading, pk])`` for the URL ``name`` whose last argument is an id
    (``<int:pk>``); ``leading`` are arguments before it (a record's kind, say)."""
    key = (name, leading, get_resolver(get_urlconf()), get_script_prefix())
    parts = _paths.get(key)
    if parts is None:
        head, _sample, tail = reverse(name, args=[*leading, SAMPLE_ID]).rpartition(str(SAMPLE_ID))
        parts = _paths[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"
