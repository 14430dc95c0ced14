"""`python manage.py api_token issue|revoke USERNAME`: the API token of a user.

`issue` makes a new token (replacing any the user had, which stops working at once) and prints it once;
`revoke` deletes the user's token. A token acts with its user's permissions: to write spells the user
needs the add, change or delete permission on memberships (give them in the admin).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Issue (or replace) or revoke a user's API token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["issue", "revoke"])
        parser.add_argument("username")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}. Create one in the admin first.")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active: a token would not work.")
        with transaction.atomic():
            revoked, _ = Token.objects.filter(user=user).delete()
            if action == "revoke":
                self.stdout.write(
                    f"Revoked the token of {username!r}." if revoked else f"{username!r} had no token."
                )
                return
            token = Token.objects.create(user=user)
        self.stdout.write(
            self.style.SUCCESS(f"Token for {username!r}: {token.key}\n")
            + "It is shown only this once. Send it as the header `Authorization: Token <key>`."
            + (" The previous token no longer works." if revoked else "")
        )
