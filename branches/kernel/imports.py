"""What every Excel import shares: the previewed file is held in the session until confirmed."""

import base64
import secrets


def hold_for_confirmation(request, key, data, **details):
    """Keep a previewed file in the session until the user confirms it; returns the form's token.

    Whatever was held under ``key`` before is replaced, so only the latest preview can be confirmed.
    """
    token = secrets.token_urlsafe(16)
    request.session[key] = {"token": token, "data": base64.b64encode(data).decode("ascii"), **details}
    return token


def take_confirmed(request, key):
    """The file held under ``key`` if the POST carries its token, else None; it is released either way."""
    held = request.session.pop(key, None)
    if held is None or held["token"] != request.POST.get("token"):
        return None
    return {**held, "data": base64.b64decode(held["data"])}
