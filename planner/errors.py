"""Errors the package raises on purpose.

Every error is a :class:`PlannerError`; callers (the CLI, widgets) catch that one class
and show its message, which is written for the user: what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "PlannerError",
    "LunarDateError",
    "DataError",
    "DataProblem",
    "ConflictError",
    "NotFoundError",
    "WorkflowError",
    "InvalidValueError",
    "BusyError",
    "PermissionDenied",
]


class PlannerError(Exception):
    """Base of every error the package raises on purpose."""


class LunarDateError(PlannerError, ValueError):
    """A lunar date that does not exist, or a date outside the supported years."""


class NotFoundError(PlannerError, KeyError):
    """A unit, event or item id that is not in the workspace."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class WorkflowError(PlannerError):
    """A status change the review workflow does not allow."""


class ConflictError(PlannerError):
    """An update based on a stale version of a row: someone else changed it first.

    ``current`` is the row as it is now in the workspace (a dict; None when the row is
    gone), so a view can offer to reload it or show what the other person changed.
    """

    def __init__(self, message: str, *, current: dict | None = None):
        super().__init__(message)
        self.current = current


class InvalidValueError(PlannerError, ValueError):
    """A value a caller gave for a field that the field does not accept.

    ``field`` names the field, ``value`` is what was given and ``allowed`` describes what
    is accepted (a tuple of codes, or a short Vietnamese description), so a form can mark
    the field and offer the choices.
    """

    def __init__(self, message: str, *, field: str | None = None, value=None, allowed=None):
        super().__init__(message)
        self.field = field
        self.value = value
        self.allowed = allowed


class BusyError(PlannerError):
    """The workspace stayed locked by another writer longer than the wait allows."""


class PermissionDenied(PlannerError):
    """The acting person's role does not allow what they asked (see :mod:`planner.store.access`).

    ``user`` is who asked, ``role`` their role (``viewer`` for someone who is not a member of a
    workspace with members), ``action`` the action's code, ``needed`` the roles that may do it.
    The refusal is itself recorded in the audit (a ``refused`` change) and nothing else is written.
    """

    def __init__(self, message: str, *, user: str = "", role: str = "", action: str = "", needed: tuple = (),
                 target: str = "", details: dict | None = None):
        super().__init__(message)
        self.user, self.role, self.action, self.needed = user, role, action, tuple(needed)
        self.target = target
        self.details = dict(details or {})
        self.audited = False


@dataclass(frozen=True)
class DataProblem:
    """One bad cell or row in a data file: where it is and what was expected."""

    file: str
    line: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            where.append(f"dòng {self.line}")
        if self.column:
            where.append(f"cột '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(PlannerError):
    """One or more bad rows in a data file; nothing was written.

    ``problems`` lists every problem found (not only the first), each naming the file,
    line and column.
    """

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"Dữ liệu không hợp lệ ({n} lỗi); chưa ghi gì vào không gian làm việc. "
            f"Sửa các dòng sau rồi thử lại:\n{lines}"
        )
