"""Structured request logging: one JSON line per request.

Each line holds the method, the path (never the query string), the status, the duration
and the signed-in user's id. Bodies, headers, cookies and query strings are never logged:
they can carry passwords, CSRF tokens and whatever an official typed.
"""

from __future__ import annotations

import json
import logging
import re
import time

from django.utils.functional import empty

logger = logging.getLogger("asm_guide.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _user_id(request) -> int | None:
    """The user's id if this request already looked the user up; never a query of its own."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestLogMiddleware:
    """Logs every request that reaches Django (static files are answered before it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
        }
        request_id = request.headers.get("X-Request-ID", "")
        if _REQUEST_ID.match(request_id):
            fields["request_id"] = request_id
        logger.info("request", extra={"fields": fields})
        return response


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message and any ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    converter = time.gmtime
