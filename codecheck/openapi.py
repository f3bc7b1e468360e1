"""The OpenAPI 3.1 description of the API, written by hand and filled in from the settings
(body limit, code form, validity) so that it says what this instance does."""

from __future__ import annotations

from typing import Any

from codecheck.errors import error_body_schema
from codecheck.feedback import ANSWERS, LANGUAGE_PATTERN, MAX_PAGE_LENGTH, PAGE_PATTERN, REASON_ANCHOR, REASONS, THANKS_ANCHOR
from codecheck.registry import ANSWER_STATUSES
from codecheck.settings import Settings
from codecheck.siteconfig import CodeRules
from guide.access_code import MAX_TYPED_LENGTH

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _error(description: str, codes: list[str], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": f"{description} Error codes: {', '.join(codes)}.",
        "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}, **(headers or {})},
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return response


def build_openapi(settings: Settings, rules: CodeRules) -> dict[str, Any]:
    limits = settings.limits
    limit_text = (
        f"At most {limits.client_checks} checks per client address per {limits.client_window_seconds} s and "
        f"{limits.client_unknown_per_day} `unknown` answers per address per 24 h (moving windows); once a "
        "budget is used up every check from that address gets 429 until Retry-After. "
        + ("Every check needs a solved proof-of-work challenge (428 `challenge_required` hands one out). "
           if limits.challenge == "always" else
           f"While more than {limits.global_unknown_per_minute} `unknown` answers a minute are given in total, "
           "a check needs a solved proof-of-work challenge: the answer is 428 `challenge_required` with a "
           "`challenge`; solve it and send the same request again with the solution in `altcha`. ")
        + "If the limits' store cannot be reached the API answers 503 `limits_unavailable`, never unlimited."
        if limits.enabled
        else "Limits are switched off on this instance (benchmarks and tests only)."
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "connect access-code check",
            "version": "1.0.0",
            "description": (
                "Tells the holder of a connect access-code letter whether the code is valid, expired, "
                "used, revoked or unknown. The registry keeps only keyed hashes of the codes. "
                "Every error has the body `{\"error\": {\"code\", \"message\"}}`; the code is stable, "
                "the message plain English. Unknown paths get 404 and unsupported methods 405 (with "
                "`Allow`), in the same shape. No cookies are set; responses are `Cache-Control: no-store`."
            ),
        },
        "paths": {
            "/api/v1/access-codes/check": {
                "post": {
                    "operationId": "checkAccessCode",
                    "summary": "Check an access code",
                    "description": (
                        "The code is normalised first: Unicode NFKC (full-width letters become ASCII), "
                        "white space, dashes and invisible format characters dropped, a-z upper-cased. "
                        f"It must then be letters A-Z and digits matching `{rules.code_pattern}` in full. "
                        f"A code issued on day D is valid through D + {rules.validity_days} days "
                        "(Europe/Zurich calendar days unless configured otherwise). "
                        + limit_text
                    ),
                    "requestBody": {
                        "required": True,
                        "description": f"At most {settings.max_body_bytes} bytes of UTF-8 JSON.",
                        "content": {JSON: {"schema": {"$ref": "#/components/schemas/CheckRequest"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "The code's status. The same shape for every status.",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/CheckResult"}}},
                        },
                        "413": _error(
                            f"The body is larger than {settings.max_body_bytes} bytes (by Content-Length, "
                            "or counted while reading).",
                            ["body_too_large"],
                        ),
                        "415": _error("The content type is not application/json (UTF-8).", ["unsupported_media_type"]),
                        "422": _error(
                            "The body is not JSON, not an object with a string `code` only, or the code does "
                            "not have the form of an access code.",
                            ["invalid_json", "invalid_body", "invalid_code_form"],
                        ),
                        "428": _error(
                            "A solved proof-of-work challenge is needed (ALTCHA, SHA-256): find the number n "
                            "<= `challenge.maxNumber` with SHA-256(`challenge.salt` + n) = `challenge.challenge` "
                            "in lower-case hex, then send the same request with `altcha` = base64 of the JSON "
                            "{algorithm, challenge, number, salt, signature}. A solution is accepted once, "
                            "before the expiry in its salt. The body holds a new `challenge`.",
                            ["challenge_required", "challenge_failed"],
                        ),
                        "429": _error(
                            "Too many checks; try again after Retry-After seconds.",
                            ["rate_limited"],
                            {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
                        ),
                        "503": _error(
                            "The limits' store or the registry cannot be reached: no check is answered.",
                            ["limits_unavailable", "registry_unavailable"],
                        ),
                    },
                }
            },
            "/api/v1/feedback": {
                "post": {
                    "operationId": "giveFeedback",
                    "summary": "Answer \"Is this page useful?\" for a page of the site",
                    "description": (
                        "Counts one answer for today (the API's calendar day): the store keeps only "
                        "(day, language, page, answer, reason) -> count, no address, no cookie, no time of "
                        "day. `page` is the page's path below its language's folder (`/` for the home page, "
                        "`/guide/outcomes/<id>/` for a guide outcome) and must be one the site's build "
                        "lists in that language (else 422 `unknown_page`). `reason` only with `no`; a `no` "
                        "with a reason takes the place of a `no` without one counted that day for the page "
                        "(the reason a visitor adds after answering), else it is counted anew. "
                        f"At most {limits.feedback_per_hour} answers per client address per hour (429). "
                        "As JSON the answer is 200; as a plain HTML form (no JavaScript) it is 303 to the "
                        f"page on the site, at `#{THANKS_ANCHOR}`, or at `#{REASON_ANCHOR}` (the reasons) "
                        "after a `no` without a reason."
                        if limits.enabled else
                        "Counts one answer for today; see the check endpoint for the error shape. Limits are "
                        "switched off on this instance (benchmarks and tests only)."
                    ),
                    "requestBody": {
                        "required": True,
                        "description": f"At most {settings.max_body_bytes} bytes, UTF-8.",
                        "content": {
                            JSON: {"schema": {"$ref": "#/components/schemas/FeedbackRequest"}},
                            FORM: {"schema": {"$ref": "#/components/schemas/FeedbackRequest"}},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Counted (a JSON request).",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/FeedbackResult"}}},
                        },
                        "303": {
                            "description": "Counted (a form): back to the page, at its next anchor.",
                            "headers": {
                                "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
                                "Location": {"required": True, "schema": {"type": "string"}},
                            },
                        },
                        "413": _error(f"The body is larger than {settings.max_body_bytes} bytes.", ["body_too_large"]),
                        "415": _error("The content type is neither application/json nor "
                                      "application/x-www-form-urlencoded (UTF-8).", ["unsupported_media_type"]),
                        "422": _error(
                            "The body is not JSON (or not a form), its fields are missing, repeated, unknown "
                            "or not strings, the page is not one of the site's, or the reason is not one of "
                            "the list.",
                            ["invalid_json", "invalid_feedback", "unknown_page", "unknown_reason"],
                        ),
                        "429": _error(
                            "Too many answers from this address; try again after Retry-After seconds.",
                            ["rate_limited"],
                            {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
                        ),
                        "503": _error(
                            "The limits' store, the database or the site's list of pages cannot be reached: "
                            "nothing is counted.",
                            ["limits_unavailable", "registry_unavailable", "feedback_unavailable"],
                        ),
                    },
                }
            },
            "/api/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether the API is up",
                    "responses": {
                        "200": {
                            "description": "The API answers.",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Health"}}},
                        }
                    },
                }
            },
            "/api/v1/ready": {
                "get": {
                    "operationId": "ready",
                    "summary": "Whether the services the checks need answer (readiness)",
                    "responses": {
                        "200": {
                            "description": "Every service answers.",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Ready"}}},
                        },
                        "503": _error("A service is down: `checks` names it.", ["not_ready"]),
                    },
                }
            },
            "/api/v1/metrics": {
                "get": {
                    "operationId": "metrics",
                    "summary": "Counts for the operator's scraper (Prometheus text format)",
                    "description": (
                        "Checks by answer, refusals by error code, feedback answers, services found down "
                        "and request durations, summed over the server's processes. For a scraper on the "
                        "workers' own address: a request relayed by a proxy (with X-Forwarded-For) gets 404."
                    ),
                    "responses": {
                        "200": {
                            "description": "The metrics.",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControl"}},
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        },
                        "404": _error("Relayed by a proxy.", ["not_found"]),
                    },
                }
            },
            "/api/v1/notices/current.{lang}.html": {
                "get": {
                    "operationId": "noticesFragment",
                    "summary": "The fund's current notices in one language, as the HTML every page includes",
                    "description": (
                        "Disruptions first, each `<div class=\"ch-notice\" data-notice=KEY data-notice-ends=UTC>` "
                        "with its escaped text and at most one link to a section of the site; empty when there "
                        "is none. Posted by the operator tool only: no endpoint writes a notice."
                    ),
                    "parameters": [{"name": "lang", "in": "path", "required": True,
                                    "schema": {"type": "string", "enum": list(settings.languages())}}],
                    "responses": {
                        "200": {
                            "description": "The fragment (may be empty).",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/ShortCache"}},
                            "content": {"text/html": {"schema": {"type": "string"}}},
                        },
                        "404": _error("Not a language of the site.", ["not_found"]),
                    },
                }
            },
            "/api/v1/notices/current.json": {
                "get": {
                    "operationId": "notices",
                    "summary": "The fund's current notices, in every language",
                    "responses": {
                        "200": {
                            "description": "The notices shown now (none: an empty list).",
                            "headers": {"Cache-Control": {"$ref": "#/components/headers/ShortCache"}},
                            "content": {JSON: {"schema": {"$ref": "#/components/schemas/Notices"}}},
                        },
                        "503": _error("The registry's database cannot be reached.", ["registry_unavailable"]),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {JSON: {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Notices": {
                    "type": "object",
                    "required": ["notices"],
                    "additionalProperties": False,
                    "properties": {"notices": {"type": "array", "items": {
                        "type": "object",
                        "required": ["key", "kind", "starts_at", "ends_at", "texts", "link"],
                        "additionalProperties": False,
                        "properties": {
                            "key": {"type": "string"},
                            "kind": {"enum": ["disruption", "information"]},
                            "starts_at": {"type": "string", "format": "date-time"},
                            "ends_at": {"type": "string", "format": "date-time"},
                            "texts": {"type": "object", "additionalProperties": {"type": "string"}},
                            "link": {"type": "string"},
                        },
                    }}},
                },
                "CheckRequest": {
                    "type": "object",
                    "required": ["code"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {
                            "type": "string",
                            "maxLength": MAX_TYPED_LENGTH,
                            "description": "The code as typed, e.g. `UGYD EHEX ESE6` or `ugyd-ehex-ese6`.",
                        },
                        "altcha": {
                            "type": "string",
                            "description": "The solution of a challenge from a 428 answer (see there).",
                        },
                    },
                },
                "CheckResult": {
                    "type": "object",
                    "required": ["status", "expires_on", "days_left"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"type": "string", "enum": list(ANSWER_STATUSES)},
                        "expires_on": {
                            "type": ["string", "null"],
                            "format": "date",
                            "description": "The last valid day, for `valid` and `expired`; else null.",
                        },
                        "days_left": {
                            "type": ["integer", "null"],
                            "minimum": 0,
                            "description": "Days from today to the last valid day (0 on that day), for `valid`; else null.",
                        },
                    },
                },
                "FeedbackRequest": {
                    "type": "object",
                    "required": ["page", "language", "answer"],
                    "additionalProperties": False,
                    "properties": {
                        "page": {"type": "string", "maxLength": MAX_PAGE_LENGTH, "pattern": PAGE_PATTERN,
                                 "description": "The page below its language's folder, e.g. "
                                                "`/situations/no-active-login/`."},
                        "language": {"type": "string", "pattern": LANGUAGE_PATTERN},
                        "answer": {"type": "string", "enum": list(ANSWERS)},
                        "reason": {"type": "string", "enum": list(REASONS),
                                   "description": "Only with `no`: why the page did not help."},
                    },
                },
                "FeedbackResult": {
                    "type": "object",
                    "required": ["status"],
                    "additionalProperties": False,
                    "properties": {"status": {"const": "counted"}},
                },
                "Health": {
                    "type": "object",
                    "required": ["status"],
                    "additionalProperties": False,
                    "properties": {"status": {"const": "ok"}},
                },
                "Ready": {
                    "type": "object",
                    "required": ["status", "checks"],
                    "additionalProperties": False,
                    "properties": {"status": {"const": "ready"}, "checks": {"$ref": "#/components/schemas/Checks"}},
                },
                "Checks": {
                    "type": "object",
                    "required": ["registry", "limits"],
                    "additionalProperties": False,
                    "properties": {name: {"enum": ["ok", "down"]} for name in ("registry", "limits")},
                },
                "Challenge": {
                    "type": "object",
                    "required": ["algorithm", "challenge", "maxNumber", "salt", "signature"],
                    "additionalProperties": False,
                    "properties": {
                        "algorithm": {"const": "SHA-256"},
                        "challenge": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "maxNumber": {"type": "integer", "minimum": 1},
                        "salt": {"type": "string"},
                        "signature": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                },
                "Error": error_body_schema({"challenge": {"$ref": "#/components/schemas/Challenge"},
                                            "checks": {"$ref": "#/components/schemas/Checks"}}),
            },
            "headers": {
                "CacheControl": {"schema": {"const": "no-store"}},
                "ShortCache": {"schema": {"const": "public, max-age=30"}},
                "RetryAfter": {
                    "required": True,
                    "description": "Whole seconds until the window that refused the check ends.",
                    "schema": {"type": "integer", "minimum": 1},
                },
            },
        },
    }

