"""The OpenAPI description of the public JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

_ERROR = {"type": "object", "required": ["message"], "properties": {
    "message": {"type": "string"},
    "errors": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "One message per field that was missing or malformed"}}}
_TEXT = {"type": "object", "properties": {"id": {"type": "string"}, "en": {"type": "string"}}}


def _refusal(description: str) -> dict[str, Any]:
    # A browser posting a plain form (or asking for text/html) is a person: it gets a page.
    return {"description": description, "content": {"application/json": {"schema": _ERROR},
                                                    "text/html": {"schema": {"type": "string"}}}}

_TIME = {"type": "string", "nullable": True,
         "description": "ISO 8601 to the minute, at the UTC offset of the branch handling the request"}
_DUE = {"type": "object", "nullable": True, "properties": {
    "due": _TIME, "met_at": _TIME, "late": {"type": "boolean"}}}
_STATUS = {"type": "object", "properties": {
    "ticket": {"type": "string"}, "service": {"type": "string"}, "service_name": _TEXT,
    "status": {"type": "string", "enum": ["open", "closed", "refused"]},
    "step": {"type": "integer"}, "paused": {"type": "boolean"},
    "steps": {"type": "array", "items": {"type": "object", "properties": {
        "name": _TEXT, "state": {"type": "string", "enum": ["done", "current", "todo"]},
        "due": _TIME, "done_at": _TIME, "late": {"type": "boolean"}, "waiting_on_reader": {"type": "boolean"}}}},
    "created_at": {"type": "string"}, "updated_at": {"type": "string"},
    "closed_at": {"type": "string", "nullable": True},
    "due": {"type": "string", "description": "Completion due time (UTC), while the request is open"},
    "reason": {"type": "string"},
    "created_at_local": _TIME,
    "timezone": {"type": "object", "properties": {"zone": {"type": "string", "example": "Asia/Makassar"},
                                                  "label": {"type": "string", "enum": ["WIB", "WITA", "WIT"]}}},
    "branch": {"type": "object", "nullable": True, "properties": {"id": {"type": "string"}, "name": _TEXT}},
    "response": _DUE, "completion": _DUE,
    "late": {"type": "boolean", "description": "An open request past a deadline"},
    "answer": {"type": "object", "nullable": True, "properties": {"text": {"type": "string"}, "at": _TIME}},
    "files": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "size": {"type": "integer"}, "content_type": {"type": "string"},
        "at": _TIME, "url": {"type": "string", "description": "Path on this endpoint, with the token"}}}},
    "skm_url": {"type": "string", "description": "Only when the ticket is closed: the page of the "
                                                 "satisfaction survey (SKM), once per ticket"},
    "skm_answered": {"type": "boolean", "description": "With skm_url: whether it was answered"}}}

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Pustaka form endpoint", "version": "1",
             "description": "Requests to a library's services, their public status, and live availability of copies. "
                            "Personal data is accepted but never returned."},
    "paths": {
        "/api/requests": {"post": {
            "summary": "Submit a request to a service",
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"type": "object", "required": ["service", "fields"], "properties": {
                    "service": {"type": "string", "description": "Service id, e.g. peminjaman"},
                    "fields": {"type": "object", "additionalProperties": {
                        "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}},
                    "lang": {"type": "string", "enum": ["id", "en"]},
                    "client_id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,100}$",
                                  "description": "The browser's own id for a request kept offline: the same id "
                                                 "sent again (or imported from a saved file) gives the same ticket"},
                    "website": {"type": "string", "description": "Honeypot: must stay empty"}}}},
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                    "_layanan": {"type": "string"}, "_bahasa": {"type": "string"},
                    "_kembali": {"type": "string"}}, "additionalProperties": {"type": "string"}}}}},
            "responses": {
                "201": {"description": "Stored", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["ticket", "token", "status_url"], "properties": {
                        "ticket": {"type": "string", "pattern": "^PST-[0-9]{4}-[0-9]{6,}$"},
                        "token": {"type": "string"}, "status_url": {"type": "string"},
                        "service": {"type": "string"}, "created_at": {"type": "string"}}}}}},
                "200": {"description": "Already stored under this client_id: the same ticket and token, "
                                       "with existing: true"},
                "303": {"description": "Form post stored: redirect to the thank-you page"},
                "400": _refusal("Malformed body"),
                "403": _refusal("Origin not allowed (the message names the origin and the option that allows it)"),
                "409": _refusal("No seats left"),
                "413": _refusal("Body too large"),
                "422": _refusal("Invalid fields"),
                "429": _refusal("Rate limited")}}},
        "/api/status/{ticket}": {"get": {
            "summary": "Public status of a request (no personal data)",
            "parameters": [{"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Status", "content": {"application/json": {"schema": _STATUS}}},
                "404": {"description": "No such ticket, or a wrong token",
                        "content": {"application/json": {"schema": _ERROR}}}}}},
        "/api/status/{ticket}/berkas/{key}": {"get": {
            "summary": "A result file of the request, as a download (the ticket's token is required)",
            "parameters": [{"name": "ticket", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The file, with Content-Disposition: attachment",
                                  "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                      "format": "binary"}}}},
                          "404": {"description": "No such file, or a wrong token"}}}},
        "/api/availability": {"get": {
            "summary": "Live availability of an item's copies",
            "parameters": [{"name": "item", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Copies", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"item": {"type": "string"}, "as_of": {"type": "string"},
                                                 "copies": {"type": "array", "items": {"type": "object", "properties": {
                                                     "barcode": {"type": "string"}, "branch": {"type": "string"},
                                                     "status": {"type": "string"},
                                                     "due": {"type": "string", "nullable": True}}}}}}}}},
                "404": {"description": "No such item", "content": {"application/json": {"schema": _ERROR}}}}}},
        "/api/seats": {"get": {
            "summary": "Seats left for an event",
            "parameters": [{"name": "event", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Seats", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"event": {"type": "string"},
                                                 "capacity": {"type": "integer", "nullable": True},
                                                 "taken": {"type": "integer"},
                                                 "left": {"type": "integer", "nullable": True},
                                                 "open": {"type": "boolean"}}}}}},
                "404": {"description": "No such event", "content": {"application/json": {"schema": _ERROR}}}}}},
    },
}

# The HTML routes (thank-you page, dashboard, OAI-PMH), described apart.
from .openapi_pages import PAGE_PATHS  # noqa: E402 - kept beside the API's own paths on purpose

OPENAPI["paths"].update(PAGE_PATHS)
