"""Admin roles: groups of permissions for the people who keep the catalogue.

- **Biên tập viên** (editor, ``EDITOR``): enters and corrects the catalogue — view, add and
  change every catalogue object (documents, links, targets, figures, sources and mentions,
  events, places, bodies, terms, people, topics, indicators), and delete the rows that are
  entered inside a document's page (links, targets, mentions, figures, event participants,
  co-issuing bodies, files)
  so that mistakes there can be corrected. Editors cannot delete documents, places, bodies
  or sources (superusers can), and have no permission at all on users, groups,
  permissions, the admin log or the login lock-outs.
- **Người rà soát** (reviewer, ``REVIEWER``): reads everything in the admin (lists, pages,
  history) and changes nothing.

Superusers keep every permission. :func:`sync_roles` makes the groups hold exactly these
permissions (it is what ``manage.py setup_roles`` runs; idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

EDITOR = "Biên tập viên"
REVIEWER = "Người rà soát"

APP_LABEL = "documents"
#: Rows entered inside another object's admin page: editors may delete them.
EDITOR_MAY_DELETE = {"documentlink", "target", "sourcemention", "figure", "eventparticipant",
                     "documentcoissuer", "documentfile"}


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    key: str  # as typed on the command line


ROLES = {
    "editor": Role(EDITOR, "nhập và sửa văn bản, liên kết, chỉ tiêu, nguồn…", "editor"),
    "reviewer": Role(REVIEWER, "chỉ xem", "reviewer"),
}


def catalogue_models() -> list:
    """The catalogue's own models (not the history tables simple-history adds)."""
    return [
        model for model in apps.get_app_config(APP_LABEL).get_models()
        if not model.__name__.startswith("Historical")
    ]


def codenames(role_key: str) -> set[tuple[str, str]]:
    """``(model, codename)`` pairs the role holds."""
    pairs: set[tuple[str, str]] = set()
    for model in catalogue_models():
        name = model._meta.model_name
        actions = ["view"]
        if role_key == "editor":
            actions += ["add", "change"]
            if name in EDITOR_MAY_DELETE:
                actions.append("delete")
        pairs |= {(name, f"{action}_{name}") for action in actions}
    return pairs


def permissions(role_key: str) -> list[Permission]:
    wanted = codenames(role_key)
    content_types = ContentType.objects.get_for_models(*catalogue_models())
    by_model = {ct.model: ct for ct in content_types.values()}
    found = Permission.objects.filter(
        content_type__in=list(by_model.values()),
        codename__in=[codename for _model, codename in wanted],
    ).select_related("content_type")
    result = [p for p in found if (p.content_type.model, p.codename) in wanted]
    missing = wanted - {(p.content_type.model, p.codename) for p in result}
    if missing:
        raise LookupError(
            "permissions missing (run `manage.py migrate` first): "
            + ", ".join(sorted(codename for _model, codename in missing))
        )
    return result


def sync_roles() -> dict[str, tuple[int, int]]:
    """Create the groups and give each exactly its permissions. Returns, per group name,
    how many permissions were added and removed."""
    changes: dict[str, tuple[int, int]] = {}
    for key, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role.name)
        wanted = set(permissions(key))
        current = set(group.permissions.all())
        group.permissions.add(*(wanted - current))
        group.permissions.remove(*(current - wanted))
        changes[role.name] = (len(wanted - current), len(current - wanted))
    return changes


def assign(user, role_key: str) -> None:
    """Give *user* the role (and access to the admin), removing the other role."""
    role = ROLES[role_key]
    sync_roles()
    others = [r.name for k, r in ROLES.items() if k != role_key]
    user.groups.remove(*Group.objects.filter(name__in=others))
    user.groups.add(Group.objects.get(name=role.name))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
