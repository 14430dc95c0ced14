"""The API's JSON parser, bounded: a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused before it
is read, and JSON nested too deeply for the parser is a 400 that says so (Python's parser raised
RecursionError, a 500)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and length and str(length).isdigit() and int(length) > limit:
            raise ParseError(f"The request body is larger than {limit:,} bytes.")
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error: the body is nested too deeply.") from None
