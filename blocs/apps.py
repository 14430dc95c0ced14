from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_triggers(sender: AppConfig, using: str, **kwargs: Any) -> None:
    from blocs.constraints import install_sqlite_triggers

    install_sqlite_triggers(connections[using])


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = "Bloc membership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="blocs_sqlite_triggers")

        from blocs import versions

        versions.connect()
