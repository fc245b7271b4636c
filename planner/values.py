"""Values as they come from pandas, numpy and people: one rule for "missing" and for plain Python.

* :func:`missing` — None, ``pd.NA``, ``pd.NaT`` and NaN are missing; a list, array or Series
  is a value (never "missing", so it can be refused as a value where one belongs);
* :func:`plain` — a missing value becomes None, a Timestamp a ``datetime.date``, a numpy
  scalar its Python value; anything else is returned as it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["missing", "plain", "is_collection"]


def is_collection(value: Any) -> bool:
    """A list, set, dict, array or Series given where one value belongs."""
    return isinstance(value, list | tuple | set | frozenset | dict | np.ndarray | pd.Series | pd.Index)


def missing(value: Any) -> bool:
    """None, pd.NA, pd.NaT or NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and value != value


def plain(value: Any) -> Any:
    """Missing → None, Timestamp → date, numpy scalar → Python; anything else unchanged."""
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value
