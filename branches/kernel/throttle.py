"""Slowing down guessing: a count of failures per user and per client address, kept in the cache.

The cache is Django's (local memory on one process; a shared cache when the app runs on several),
so a throttle needs no table and costs nothing on the way in: a page asks :meth:`Throttle.blocked`
before it tries, and :meth:`Throttle.failed` after a failure.
"""

from dataclasses import dataclass

from django.core.cache import cache

from branches.kernel.clients import client_address


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int  # failures allowed within the window, per user and per address
    seconds: int

    def _keys(self, request):
        keys = [f"throttle:{self.name}:address:{client_address(request)}"]
        if request.user.is_authenticated:
            keys.append(f"throttle:{self.name}:user:{request.user.pk}")
        return keys

    def blocked(self, request):
        """Whether the user, or their address, has failed ``limit`` times within the window."""
        counts = cache.get_many(self._keys(request))
        return any(count >= self.limit for count in counts.values())

    def failed(self, request):
        """Count one failure of the user and of their address; the window starts at the first."""
        for key in self._keys(request):
            if not cache.add(key, 1, self.seconds):
                try:
                    cache.incr(key)
                except ValueError:  # the window ended between the two calls
                    cache.add(key, 1, self.seconds)


#: Six-digit lecture check-in codes: ten wrong codes in ten minutes, then a pause.
CHECK_IN = Throttle("check-in", limit=10, seconds=600)
#: Password reset e-mails: five an hour from one address or for one user.
PASSWORD_RESET = Throttle("password-reset", limit=5, seconds=3600)
