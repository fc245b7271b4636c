"""Adding the events a year's official guidance names (issue 11): :class:`GuidanceMethods`."""

from __future__ import annotations

__all__ = ["GuidanceMethods"]


class GuidanceMethods:
    pass
