"""Where a request comes from: the one rule for the login lock-out and every throttle.

Behind the TLS proxy the README describes, every request arrives from the proxy's address; the
client's is in ``X-Forwarded-For``, where each proxy appends the address it received the request
from. Only the entries the trusted proxies appended can be believed (whatever came before them
the client may have written), so the client is the entry ``TRUSTED_PROXY_COUNT`` places from the
right. Without a proxy (``BEHIND_TLS_PROXY`` off) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as the trusted proxies saw it; REMOTE_ADDR without a proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
