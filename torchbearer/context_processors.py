from branches.scope import scope_for


def scope(request):
    """The user's scope for navigation: role label and what the menus may offer."""
    user = getattr(request, "user", None)
    return {"scope": scope_for(user)}
