"""The security log (ASVS 16.3): sign-ins, sign-outs, failures, lockouts, revocations.

One line per event on the logger "tracker.security", as key=value pairs: the event, its
outcome, who (the user name), from where (the client IP) and how; the handler's
formatter adds when. Passwords and keys are never logged."""

import logging

logger = logging.getLogger("tracker.security")


def client_ip(request) -> str:
    if request is None:
        return "-"
    ip = getattr(request, "axes_ip_address", None)
    if ip is None:
        from axes.helpers import get_client_ip_address

        ip = get_client_ip_address(request)
    return ip or "-"


def _quoted(value) -> str:
    text = str(value if value not in (None, "") else "-")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"' if any(c in text for c in ' ="') else text


def log_event(event: str, *, outcome: str, request=None, user=None, username=None,
              level: int = logging.INFO, **fields) -> None:
    if username is None and user is not None:
        username = user.get_username()
    pairs = {"event": event, "outcome": outcome, "user": (username or "-")[:150],
             "ip": client_ip(request)}
    if request is not None:
        pairs["path"] = getattr(request, "path", "-")
    pairs.update(fields)
    line = " ".join(f"{key}={_quoted(value)}" for key, value in pairs.items())
    logger.log(level, line, extra={"security": pairs})
