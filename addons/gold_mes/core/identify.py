"""Limits on identification attempts (badge or PIN): who gets locked out, and when.

Failures are counted per scope over a sliding window: the employee whose PIN was tried
(reset by that employee's success), the HTTP session the attempts come from and the
user behind them (neither reset by a success, so that knowing one's own PIN does not
buy more guesses at a colleague's).  A scope that reaches its limit is locked until a
supervisor releases it.
"""

from collections import namedtuple

SCOPES = ("employee", "session", "user")
DEFAULT_LIMITS = {"employee": 5, "session": 10, "user": 20}
DEFAULT_WINDOW_MINUTES = 15

Limits = namedtuple("Limits", "employee session user window_minutes")


def limits_from(values=None):
    """Limits from {name: text or int} (configuration), defaults for what is missing
    or not a positive integer."""
    values = values or {}
    result = {}
    for name, default in (*DEFAULT_LIMITS.items(), ("window_minutes", DEFAULT_WINDOW_MINUTES)):
        raw = values.get(name)
        try:
            number = int(str(raw).strip()) if raw not in (None, "", False) else default
        except ValueError:
            number = default
        result[name] = number if number > 0 else default
    return Limits(**result)


def scopes_to_lock(failures, limits):
    """The scopes (in SCOPES order) whose failure count has reached its limit.

    ``failures``: {scope: failures in the window, this attempt included}."""
    return [scope for scope in SCOPES if failures.get(scope, 0) >= getattr(limits, scope)]
