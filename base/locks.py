"""Locks held by a running process and gone the moment it dies, however it dies.

On PostgreSQL a lock is a session advisory lock on a connection of its own, which the server
drops with the connection when the process exits or is killed. On SQLite (one machine) it is
an flock() on a file next to the database, which the kernel drops with the process. Nothing
waits for a timeout after a crash, and no lock depends on the cache being up.
"""

import fcntl
import hashlib
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

_local_locks = {}
_local_locks_guard = threading.Lock()
_postgres = threading.local()


def _digest(name):
    return hashlib.blake2b(name.encode(), digest_size=8).digest()


def _postgres_connection():
    """Return this thread's connection for advisory locks, outside any connection pool."""
    if getattr(_postgres, "connection", None) is None:
        default = connections[DEFAULT_DB_ALIAS]
        options = {k: v for k, v in default.settings_dict["OPTIONS"].items() if k != "pool"}
        _postgres.connection = default.__class__(
            {**default.settings_dict, "OPTIONS": options}, alias="process-locks"
        )
    return _postgres.connection


def close():
    """Close this thread's lock connection, if it has one (no lock may be held)."""
    connection = getattr(_postgres, "connection", None)
    if connection is not None:
        connection.close()
        _postgres.connection = None


@contextmanager
def _postgres_lock(name):
    connection = _postgres_connection()
    key = int.from_bytes(_digest(name), "big", signed=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
    except DatabaseError:
        connection.close()  # the next attempt reconnects
        raise
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                connection.close()  # closing the session releases the lock too


@contextmanager
def _file_lock(path):
    with open(path, "a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


@contextmanager
def _thread_lock(name):
    # An in-memory database (the tests) lives in one process: a lock within it is enough.
    with _local_locks_guard:
        lock = _local_locks.setdefault(name, threading.Lock())
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            lock.release()


@contextmanager
def process_lock(name):
    """Hold the lock called name for the block, yielding False if another process holds it."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        lock = _postgres_lock(name)
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db():
        database = Path(connection.settings_dict["NAME"])
        lock = _file_lock(database.with_name(f"{database.name}-lock-{_digest(name).hex()}"))
    else:
        lock = _thread_lock(name)
    with lock as held:
        yield held
