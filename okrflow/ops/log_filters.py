"""Logging filters for an operator's log."""

import logging


class OneLineClientErrors(logging.Filter):
    """A client error (4xx) logs one line, without the traceback Django attaches to it.

    Django logs a refused request (PermissionDenied, a SuspiciousOperation) with its exception,
    some 20 lines each: a 403 is an answer, not a crash, and the tracebacks buried the real
    errors. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
