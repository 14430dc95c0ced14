"""Conditional GETs: ETags derived from the data version, so a repeated request costs one query.

A response is identified by the data version it was built from, the day it was built on (answers that
default to today change at midnight), the site, path and query it answers, and its media type. A request
whose `If-None-Match` names that tag gets 304 before any rows are read. `Last-Modified` says when the data
last changed (or midnight, for the today-dependence), for information; the ETag decides.

The tag also keys a cache of JSON bodies (the default cache: per process, or Redis when `CACHE_URL` says
so), so the same question asked by another client is answered without building the body again. A write
changes the version and so every tag: nothing stale is ever served, and old entries simply age out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBase
from django.utils.http import http_date, parse_etags
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from blocs import versions

CACHE_SECONDS = 3600
CACHE_PREFIX = "blocs.api.body:"
CACHED_MEDIA_TYPE = "application/json"


class NotModified(APIException):
    """The client's copy is current: answered 304 with no body (see `blocs.api.exceptions`)."""

    status_code = 304
    default_detail = ""


class AlreadyMade(APIException):
    """This very answer was made before, for this data version: answered from the cache."""

    status_code = 200

    def __init__(self, content: bytes) -> None:
        super().__init__()
        self.content = content

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, content_type=CACHED_MEDIA_TYPE)


@dataclass(frozen=True, slots=True)
class Validator:
    etag: str
    last_modified: datetime | None

    @classmethod
    def for_request(cls, request: Request, *, today: date) -> Validator:
        version = versions.current()
        query = sorted((key, value) for key, values in request.query_params.lists() for value in values)
        identity = "\n".join(
            [
                str(version.number),
                today.isoformat(),
                request.build_absolute_uri(request.path),  # links in the body name the site
                repr(query),
                request.accepted_media_type or "",
            ]
        )
        etag = '"' + hashlib.sha256(identity.encode()).hexdigest()[:32] + '"'
        last_modified = None
        if version.changed_at is not None:
            last_modified = max(version.changed_at, datetime.combine(today, time(), tzinfo=UTC))
        return cls(etag, last_modified)

    def matches(self, request: Request) -> bool:
        header = request.META.get("HTTP_IF_NONE_MATCH", "")
        if not header:
            return False
        tags = parse_etags(header)
        # If-None-Match compares weakly: W/"x" matches "x".
        return "*" in tags or any(tag.removeprefix("W/") == self.etag for tag in tags)

    def recall(self, request: Request) -> bytes | None:
        """The body made earlier for this tag, if it was JSON and is still cached."""
        if request.accepted_media_type != CACHED_MEDIA_TYPE:
            return None
        return cache.get(CACHE_PREFIX + self.etag)

    def remember(self, request: Request, response: HttpResponseBase) -> None:
        """Keep a successful JSON body for the next request with this tag."""
        if request.accepted_media_type == CACHED_MEDIA_TYPE and response.status_code == 200:
            if not getattr(response, "streaming", False) and hasattr(response, "render"):
                cache.set(CACHE_PREFIX + self.etag, response.render().content, CACHE_SECONDS)

    def apply(self, response: HttpResponseBase) -> None:
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = "no-cache"
