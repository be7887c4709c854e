"""Create (or bring up to date) the admin roles, and optionally give one to a user.

    manage.py setup_roles                          # the groups "Biên tập viên", "Người rà soát"
    manage.py setup_roles --user lan --role editor  # and make lan an editor (staff, in the group)

Idempotent: each group ends up with exactly the permissions documents/roles.py lists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from documents.roles import ROLES, assign, sync_roles


class Command(BaseCommand):
    help = (
        "Create or update the admin groups 'Biên tập viên' (editor: enters and changes the "
        "catalogue) and 'Người rà soát' (reviewer: read only); optionally give a user a role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", metavar="USERNAME", help="A user to give a role to.")
        parser.add_argument("--role", choices=sorted(ROLES), help="The role for --user.")

    def handle(self, *args, **options):
        if bool(options["user"]) != bool(options["role"]):
            raise CommandError("--user and --role go together.")
        try:
            changes = sync_roles()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        for name, (added, removed) in changes.items():
            if added or removed:
                self.stdout.write(f"{name}: {added} permission(s) added, {removed} removed.")
            else:
                self.stdout.write(f"{name}: up to date.")
        if options["user"]:
            User = get_user_model()
            try:
                user = User.objects.get(**{User.USERNAME_FIELD: options["user"]})
            except User.DoesNotExist as exc:
                raise CommandError(f"No user {options['user']!r}.") from exc
            if user.is_superuser:
                self.stderr.write(f"{options['user']} is a superuser: a role changes nothing.")
            assign(user, options["role"])
            self.stdout.write(f"{options['user']}: {ROLES[options['role']].name}.")
