"""Who may do what, and how often.

Reads are public; writes need an authenticated user (a token, or a session for the browsable API) with the
Django model permission for the method (`add_`, `change_`, `delete_`). Anonymous clients are throttled
at `API_ANON_RATE` (a Django setting from the `DJANGO_API_ANON_RATE` environment variable, e.g.
`120/minute`; empty for no limit), counted in the default cache (shared across processes when
`CACHE_URL` points at Redis).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.throttling import AnonRateThrottle


class ReadOrModelPermission(DjangoModelPermissionsOrAnonReadOnly):
    """GET, HEAD and OPTIONS for anyone; POST, PUT, PATCH and DELETE with the model permission."""


class AnonymousRateThrottle(AnonRateThrottle):
    """The anonymous rate, read from settings each time a request is checked (DRF makes a throttle
    per request), so a changed setting applies at once."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_ANON_RATE", None) or None
