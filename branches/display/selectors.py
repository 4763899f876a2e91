"""Finding a screen by the token of its address, and the committee office's list of screens."""

import re

from branches.display.models import HallDisplay

#: What a token may look like (``secrets.token_urlsafe``): anything else is not looked up.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def display_for_token(token):
    """The screen in use whose token this is, or None (unknown and revoked alike): one query,
    none for text that cannot be a token."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return HallDisplay.objects.in_use().filter(token=token).only("pk", "token", "last_seen_at").first()


def displays_for(user):
    """The screens the user may see (the committee's), in use first, newest first: one query."""
    return list(
        HallDisplay.objects.visible_to(user).select_related("issued_by__person", "revoked_by__person").order_by("revoked_at", "-issued_at", "-pk")
    )
