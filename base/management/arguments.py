"""Argument types the management commands share."""

from argparse import ArgumentTypeError


def days(value):
    """Return a whole number of days, 1 or more, or refuse the argument with a clear message."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(f"must be a whole number of days, 1 or more, not {value!r}.")
    return number
