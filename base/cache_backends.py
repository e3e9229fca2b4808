"""Redis connections that give up at once for a moment after Redis failed to answer.

django-redis (with IGNORE_EXCEPTIONS) turns every cache error into a miss, so a Redis that is
down costs the site its speed, not its pages. A Redis that accepts connections but does not
answer would still cost a socket timeout on every cache call of every request; these
connections remember the failure and refuse to try again for a few seconds instead.
"""

import time

from redis.connection import Connection, SSLConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

# Long enough to spare a request its second and third timeout, short enough that the site is
# back to normal within seconds of Redis answering again.
RETRY_AFTER_SECONDS = 2.0

# (host, port) -> when this process may try to connect again.
_unreachable_until = {}


class QuickFailureMixin:
    def connect(self):
        address = (self.host, self.port)
        if time.monotonic() < _unreachable_until.get(address, 0):
            raise RedisConnectionError(
                f"Redis at {self.host}:{self.port} did not answer moments ago; not retrying yet."
            )
        try:
            super().connect()
        except RedisError:
            _unreachable_until[address] = time.monotonic() + RETRY_AFTER_SECONDS
            raise


class QuickFailureConnection(QuickFailureMixin, Connection):
    """A TCP connection to Redis (redis://)."""


class QuickFailureSSLConnection(QuickFailureMixin, SSLConnection):
    """A TLS connection to Redis (rediss://)."""
