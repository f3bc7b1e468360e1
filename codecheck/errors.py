"""Every error the API gives, in one catalogue: stable machine codes and plain English.

The checker page turns the machine code into words in the visitor's language; the English
message is for developers and logs. Every body is ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

# Sent with every API response: nothing here may be stored by a browser or a proxy.
COMMON_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

ERRORS: dict[str, tuple[int, str]] = {
    "bad_request": (400, "The request could not be understood."),
    "not_found": (404, "There is no such API endpoint."),
    "method_not_allowed": (405, "This endpoint does not accept this method; see the Allow header."),
    "body_too_large": (413, "The request body is too large."),
    "unsupported_media_type": (
        415,
        "Send the request body as JSON, with the content type application/json (the feedback endpoint also "
        "takes application/x-www-form-urlencoded).",
    ),
    "invalid_json": (422, "The request body is not valid JSON in UTF-8."),
    "invalid_body": (422, 'The request body must be a JSON object with one field, "code", holding a string.'),
    "invalid_code_form": (
        422,
        "This is not the form of an access code: letters and digits, as printed on the letter.",
    ),
    "invalid_feedback": (
        422,
        "The body must have the fields page, language and answer (yes or no), and optionally reason, "
        "each once and as a string; no other field.",
    ),
    "unknown_page": (422, "The site has no page at this address in this language that takes answers."),
    "unknown_reason": (422, "The reason is not one of the list, or it comes with a yes."),
    "challenge_required": (
        428,
        "The checker is busy: solve the proof-of-work challenge in this response and send the same "
        "request again with the solution in the field altcha.",
    ),
    "challenge_failed": (
        428,
        "The challenge solution is wrong, expired or used already: solve the new challenge in this response.",
    ),
    "rate_limited": (
        429,
        "Too many requests from this address. Try again after the number of seconds in the Retry-After header.",
    ),
    "internal_error": (500, "The check failed on the server. Try again later."),
    "limits_unavailable": (503, "The checker cannot count checks at the moment, so it answers none. Try again later."),
    "registry_unavailable": (503, "The registry of codes cannot be reached at the moment. Try again later."),
    "feedback_unavailable": (503, "The site's list of pages cannot be read at the moment: no answer is counted."),
    "not_ready": (503, "A service the API needs is down; see checks."),
    # Written by the web server in front (server/nginx_config.py) when no API process answers.
    "unavailable": (503, "The checker cannot be reached at the moment. Try again later."),
}


class ApiError(Exception):
    def __init__(self, code: str, headers: Mapping[str, str] | None = None,
                 extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        if code not in ERRORS:   # a misspelt error code fails where it is raised
            raise KeyError(code)
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})  # more members of the body (a challenge)


def json_response(content: Any, status_code: int = 200, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(content, status_code=status_code, headers={**COMMON_HEADERS, **(headers or {})})


def error_response(code: str, headers: Mapping[str, str] | None = None,
                   extra: Mapping[str, Any] | None = None) -> JSONResponse:
    status_code, message = ERRORS[code]
    return json_response({"error": {"code": code, "message": message}, **(extra or {})}, status_code, headers)


def error_body_schema(more: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The error body; ``more`` adds optional members (the challenge, the readiness checks)."""
    return {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            **(more or {}),
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "enum": sorted(ERRORS)},
                    "message": {"type": "string"},
                },
            }
        },
    }
