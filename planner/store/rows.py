"""Small helpers shared by the store: who, when, and values as they go in and out."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping
from typing import Any

from planner.errors import ConflictError
from planner.values import plain


def current_user() -> str:
    """Name for the audit log: ``JUPYTERHUB_USER``, else the operating-system user (NFC)."""
    try:
        name = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        name = f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return unicodedata.normalize("NFC", name)


#: ``scheme://user:password@`` in any text: the password part — up to the last ``@`` before another URL or the
#: line's end, so a password with a raw ``@`` or space in it (``lan:p@ss w?rd@máy``) is hidden whole.
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*):(?P<password>(?:(?!://)[^\n])+)@")
#: ``?password=…`` / ``&password=…`` in a URL's query (any case, the name percent-encoded or not): the value up to
#: the next parameter, a ``#``, a quote or the line's end (a raw space does not end it).
_QUERY_PARAMETER = re.compile(r"(?P<head>[?&](?P<key>[^=&#?\s'\"]+)=)(?P<value>[^&#'\"\n]*)")


#: Query parameters of a database URL that are secrets: the password, and the passphrase of the client's SSL key.
SECRET_PARAMETERS = ("password", "sslpassword")


def _hide_query_password(match: re.Match) -> str:
    key = urllib.parse.unquote_plus(match["key"]).strip().lower()
    return f"{match['head']}***" if key in SECRET_PARAMETERS and match["value"] else match[0]


def hide_secrets(text: Any) -> Any:
    """Text with the password of every database URL in it replaced by ``***`` (other values as they are): the
    userinfo's (``scheme://user:***@host``) and a ``password`` parameter of the query (``?password=***``).

    Everything the store writes as a note or shows in a message about a URL goes through this, so a
    password given in ``open_workspace("postgresql+psycopg://lan:…@máy/csdl")`` is never stored or shown."""
    if not isinstance(text, str) or "://" not in text:
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:***@", text)
    return _QUERY_PARAMETER.sub(_hide_query_password, text)


def now_iso() -> str:
    """The current time, UTC, ISO 8601 with microseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def clean(value: Any) -> Any:
    """pandas missing values → None, numpy scalars → Python, text → NFC (:func:`planner.values.plain`)."""
    return _nfc(plain(value))


def display_time(iso: str) -> str:
    """UTC ISO timestamp → Vietnam time as users read it: '9:05 3/2/2025'."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone(dt.timedelta(hours=7)))
    except (TypeError, ValueError):
        return str(iso)
    return f"{moment.hour}:{moment.minute:02d} {moment.day}/{moment.month}/{moment.year}"


ENTITY_LABELS = {
    "unit": "đơn vị",
    "event": "sự kiện",
    "item": "nội dung",
    "target": "chỉ tiêu",
    "output": "sản phẩm",
    "template": "mẫu chiến dịch",
    "name": "tên chính thức",
    "recurring": "tin định kỳ",
    "member": "thành viên",
}


def stale_version(entity: str, key_value: Any, current: Mapping[str, Any], version: int) -> ConflictError:
    """The error for an update based on ``version`` when the row is now at ``current`` (carried as ``.current``)."""
    return ConflictError(
        f"{ENTITY_LABELS[entity].capitalize()} '{key_value}' đã được {current['updated_by']} sửa lúc "
        f"{display_time(current['updated_at'])} (phiên bản {current['version']}); bạn đang sửa "
        f"phiên bản {version}. Tải lại dữ liệu rồi sửa lại — thay đổi của bạn chưa được lưu.",
        current=dict(current),
    )
