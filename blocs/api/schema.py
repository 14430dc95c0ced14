"""The OpenAPI schema's conventions: every operation documents the errors it can answer, and every read
documents its validators (ETag, Last-Modified) and its 304.

Error bodies are JSON: `{"detail": "..."}`, or for a 400 an object naming each bad parameter or field
with its messages (`{"on": ["'yesterday' is not a date: ..."]}`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, for a person to read."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each bad parameter or field (or `non_field_errors`) with its messages; `detail` for "
    "errors that concern no one parameter.",
    "additionalProperties": {},
}

ERRORS = {
    "400": ("FieldErrors", "A parameter or field is malformed, unknown or inconsistent: named, with why."),
    "401": ("Error", "The credentials sent (a token or session) are not valid, or a write sent none."),
    "403": ("Error", "The user may not do this (it lacks the model permission, or the CSRF check failed)."),
    "404": ("Error", "No organisation, member or spell has this slug, code or id."),
    "406": ("Error", "The Accept header asks for neither JSON nor CSV."),
    "409": ("Error", "A concurrent write got there first; nothing was written. Read again and retry."),
    "415": ("Error", "The body is not JSON (Content-Type: application/json)."),
    "429": ("Error", "Too many requests without a token; the Retry-After header says when to try again."),
}
READ_HEADERS = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "Identifies this answer; send it back in If-None-Match to get 304 if nothing changed.",
    },
    "Last-Modified": {"schema": {"type": "string"}, "description": "When the data last changed."},
}


CSV_BODY = {
    "type": "string",
    "description": "CSV: a header row, then the same rows as the JSON answer, unpaginated. Nested objects "
    "become dotted columns (member.code); a list is one cell, its items separated by ' | '.",
}


# Descriptions and examples for parameters whose generated documentation says too little.
PARAMETERS = {
    ("path", "slug"): ("An organisation's slug: brics, sco, g20, ...", "brics"),
    ("path", "code"): ("A member's code: ISO 3166-1 alpha-3 (IRN), ISO 3166-3 (SUN), or EU, AU.", "IRN"),
    ("path", "id"): ("A spell's id.", None),
    ("query", "format"): ("json (the default) or csv (streamed, unpaginated).", None),
}


RECORDED_AT = {
    "in": "query",
    "name": "recorded_at",
    "schema": {"type": "string", "format": "date-time"},
    "description": "Answer as the database stood at this moment (ISO 8601, e.g. 2025-01-31T12:00:00Z; "
    "without a zone, UTC), from the history of every change, not as it stands now. Not in the future.",
}


class ApiAutoSchema(AutoSchema):
    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        reads_as_recorded = hasattr(type(self.view), "rows")  # every blocs.api.base.ApiView
        if self.method == "GET" and reads_as_recorded and all(p["name"] != "recorded_at" for p in parameters):
            parameters.append(dict(RECORDED_AT))
        for parameter in parameters:
            description, example = PARAMETERS.get((parameter["in"], parameter["name"]), (None, None))
            if description:
                parameter["description"] = description
                parameter["schema"].pop("description", None)
            if example:
                parameter["example"] = example
        return parameters

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        # Reads are public: no credentials is a valid choice too.
        if self.method in ("GET", "HEAD", "OPTIONS") and {} not in auths:
            auths.append({})
        return auths

    def _error_codes(self) -> list[str]:
        has_path_parameters = "{" in self.path
        if self.method == "GET":
            codes = ["400", "401", "406", "429"]
        elif self.method == "DELETE":
            codes = ["400", "401", "403", "409", "429"]
        else:
            codes = ["400", "401", "403", "406", "409", "415", "429"]
        if has_path_parameters:
            codes.append("404")
        return sorted(codes)

    def _component(self, name: str) -> dict[str, Any]:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            schema=FIELD_ERRORS if name == "FieldErrors" else DETAIL,
            object=f"blocs.api.schema.{name}",
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            if "text/csv" in response.get("content", {}):
                response["content"]["text/csv"] = {"schema": CSV_BODY}
        if self.method == "GET":
            responses.setdefault(
                "304",
                {"description": "Not modified: the If-None-Match tag is current.", "headers": READ_HEADERS},
            )
        for code in self._error_codes():
            name, description = ERRORS[code]
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": self._component(name)}},
                },
            )
        return responses

    def _get_response_headers_for_code(self, status_code: str, direction: Any = "response") -> dict[str, Any]:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if self.method == "GET" and status_code == "200":
            headers = {**READ_HEADERS, **headers}
        return headers
