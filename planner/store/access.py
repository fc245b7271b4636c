"""Who may do what: the one home of the rules. The store's write paths, :mod:`planner.review` and the
screens all ask here (:func:`may`, :func:`check`, :func:`require`); nothing else decides.

Access control is ON when the workspace has at least one member (the ``members`` table); a
workspace without members (one planner's laptop) lets everyone do everything, as before. With it on,
the acting person is the :class:`Actor` built from their member row; someone who is not a member
acts as ``viewer``.

=============  =====================================================================================
role           may
=============  =====================================================================================
``viewer``     nothing but read.
``planner``    for items and outputs of *her units* (an item's ``unit_id`` must be among them; for an
               edit both the old and the new unit): create, edit, move, duplicate, cancel, move
               ``idea → draft → in_review``, record unit reports and platform outputs (which publish
               approved items), generate or copy plans.
``reviewer``   what a planner may for her units, plus approve and send back (``in_review → draft``)
               items of ANY unit — never an item she is an author of (four eyes, below).
``manager``    everything, in every unit: also targets, templates, catalogue imports (events, units,
               official names, recurring stories, guidance) and the members. Four eyes applies too.
=============  =====================================================================================

**Four eyes.** An item's *authors* are the people who wrote its text: whoever created it by hand
(``add_item``, ``duplicate_item``, an import — not plan generation, whose text comes from the
templates) and whoever changed one of its content fields (:data:`planner.review.CONTENT_FIELDS`) in a
change that still stands (not undone); an item copied from another year's plan (``copy_plan``) or
duplicated (``duplicate_item``) keeps the authors of the item it was made from.
:meth:`Workspace.item_authors` reads them from the audit. Nobody approves or sends back an item they are an author of.

**Undo** takes back one's own change only if the role may still do each thing the change did (the
same action, for the units of the row as it was and as it is now).

Every refusal is a :class:`~planner.errors.PermissionDenied` naming the user, the action in
Vietnamese and the role it needs; the store records it in the audit (a ``refused`` change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.errors import InvalidValueError, PermissionDenied
from planner.strings import MEMBER_LABELS as M
from planner.strings import STATUS_LABELS

__all__ = [
    "ROLES",
    "ACTIONS",
    "UNIT_ACTIONS",
    "REVIEW_ACTIONS",
    "MANAGER_ACTIONS",
    "Actor",
    "may",
    "check",
    "require",
    "status_action",
    "role_label",
    "describe",
]

ROLES = ("planner", "reviewer", "manager", "viewer")
#: Actions on one unit's work: a planner or reviewer of the unit, or a manager.
UNIT_ACTIONS = ("create_item", "edit_item", "submit", "cancel_item", "publish", "record_outputs", "generate_plan")
#: Review decisions on any unit's item: a reviewer or manager who is not an author of it.
REVIEW_ACTIONS = ("approve", "send_back")
#: The department's settings: a manager.
MANAGER_ACTIONS = ("targets", "templates", "catalogue", "members")
ACTIONS = UNIT_ACTIONS + REVIEW_ACTIONS + MANAGER_ACTIONS


@dataclass(frozen=True)
class Actor:
    """Who is acting: ``role`` None means access control is off (a workspace without members)."""

    user: str
    role: str | None = None
    units: frozenset[str] = frozenset()
    display_name: str = ""
    member: bool = False
    unit_names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def controlled(self) -> bool:
        """Access control is on (the workspace has members)."""
        return self.role is not None

    @property
    def writes(self) -> bool:
        """May write something at all (access control off, or any role but viewer)."""
        return self.role != "viewer"

    def unit_name(self, unit_id: Any) -> str:
        return str(self.unit_names.get(unit_id, unit_id))


def role_label(role: str | None) -> str:
    return M.get(f"role_{role}", str(role))


def describe(actor: Actor) -> str:
    """``vai trò người lập kế hoạch, đơn vị Hội Phụ nữ`` — who the actor is, as messages and screens say it."""
    role = role_label(actor.role)
    if not actor.member:
        return M["who_outsider"].format(role=role)
    if actor.role == "manager":
        return M["who_role"].format(role=role)
    if not actor.units:
        return M["who_no_units"].format(role=role)
    return M["who_role_units"].format(role=role, units=", ".join(sorted(actor.unit_name(u) for u in actor.units)))


def status_action(old: str, new: str) -> str:
    """The action a status change ``old → new`` is (also what undoing it needs)."""
    pair = {old, new}
    if "cancelled" in pair:
        return "cancel_item"
    if "published" in pair:
        return "publish"
    if "approved" in pair:
        return "approve"
    if old == "in_review" and new == "draft":
        return "send_back"
    return "submit"


def _needed(action: str) -> tuple[str, ...]:
    if action in MANAGER_ACTIONS:
        return ("manager",)
    if action in REVIEW_ACTIONS:
        return ("reviewer", "manager")
    return ("planner", "reviewer", "manager")


def _roles_text() -> dict[str, str]:
    return {r: role_label(r) for r in ("planner", "reviewer", "manager")}


def check(
    actor: Actor | None,
    action: str,
    *,
    item: Mapping[str, Any] | None = None,
    unit: str | None = None,
    new_unit: str | None = None,
    authors: Iterable[str] = (),
    status: str | None = None,
    what: str = "",
    prefix: str = "",
) -> PermissionDenied | None:
    """None if ``actor`` may do ``action``; else the :class:`PermissionDenied` to raise (not raised here).

    ``item``: the item acted on (its ``item_id`` and ``unit_id``); ``unit``: the unit of a new item or
    an output; ``new_unit``: the unit an edit gives the item; ``authors``: the item's authors (four
    eyes); ``status``: the status a ``submit`` moves to; ``what``: the catalogue imported."""
    if action not in ACTIONS:
        raise InvalidValueError(f"Không có thao tác '{action}'.", field="action", value=action, allowed=ACTIONS)
    if actor is None or not actor.controlled:
        return None
    item_id = item.get("item_id") if item is not None else None
    item_unit = item.get("unit_id") if item is not None else None
    authored = action in REVIEW_ACTIONS and actor.user in set(authors)
    names = _roles_text()
    refused_unit = None
    if actor.role == "manager":
        if not authored:
            return None
        need = M["need_four_eyes"].format(**names)
    elif actor.role == "viewer" and action not in UNIT_ACTIONS:
        need = M["need_review" if action in REVIEW_ACTIONS else "need_manager"].format(**names)
    elif action in MANAGER_ACTIONS:
        need = M["need_manager"].format(**names)
    elif action in REVIEW_ACTIONS:
        if actor.role == "reviewer" and not authored:
            return None
        need = M["need_four_eyes" if actor.role == "reviewer" else "need_review"].format(**names)
    else:
        scope = [u for u in (item_unit, unit, new_unit) if u is not None]
        outside = [u for u in scope if actor.role == "viewer" or u not in actor.units]
        if not outside and actor.role != "viewer":
            return None
        refused_unit = outside[0] if outside else None
        need = M["need_unit"].format(unit=actor.unit_name(refused_unit), **names) if refused_unit else M[
            "need_any_writer"]
    shown_unit = refused_unit if refused_unit is not None else (item_unit if item_unit is not None else unit)
    key = "reassign_item" if action == "edit_item" and refused_unit is not None and refused_unit == new_unit \
        and new_unit != item_unit else action
    phrase = M[f"do_{key}"].format(
        item=item_id, unit=actor.unit_name(shown_unit), status=STATUS_LABELS.get(status, status or ""), what=what
    )
    if authored:
        phrase += M["own_item"]
    message = M["refusal"].format(who=M["who"].format(user=actor.user, what=describe(actor)),
                                  action=prefix + phrase, need=need)
    if item_id is not None:
        target = f"item:{item_id}"
    elif unit is not None:
        target = f"unit:{unit}"
    else:
        target = action
    return PermissionDenied(
        message,
        user=actor.user,
        role=actor.role or "",
        action=action,
        needed=_needed(action),
        target=target,
        details={"item_id": item_id, "unit_id": shown_unit, "status": status, "what": what},
    )


def may(actor: Actor | None, action: str, **context: Any) -> bool:
    """Whether ``actor`` may do ``action`` (same arguments as :func:`check`): what screens ask to hide buttons."""
    return check(actor, action, **context) is None


def require(actor: Actor | None, action: str, **context: Any) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may do ``action`` (same arguments as :func:`check`)."""
    refused = check(actor, action, **context)
    if refused is not None:
        raise refused
