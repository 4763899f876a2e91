"""Lock, check, then change: how every state machine of the app (a problem's loop, a rating round,
a mentor pairing) takes a step without two users taking it at once."""


def lock_in_state(instance, states, refuse, queryset=None):
    """``instance``'s row read again and locked until the transaction ends (SELECT … FOR UPDATE),
    if its ``status`` is one of ``states``; else the ValidationError ``refuse(row)`` is raised.

    A second user taking the same step waits for the first one's transaction, then finds the row
    in its new state and is refused with a message, never a half-taken step."""
    queryset = type(instance)._default_manager.all() if queryset is None else queryset
    row = queryset.select_for_update().get(pk=instance.pk)
    if row.status not in states:
        raise refuse(row)
    return row
