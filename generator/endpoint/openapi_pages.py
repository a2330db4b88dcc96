"""The endpoint's HTML routes in OpenAPI terms: the thank-you page, the dashboard, OAI-PMH.

People use these in a browser, not through an API; they are described so that every route
of the endpoint has one description (a test holds every route to it) and the fuzzing tests
reach each one with the parameters it reads.
"""

from __future__ import annotations

from typing import Any


def _html(*codes: str) -> dict[str, Any]:
    words = {"200": "The page", "303": "Redirect (to the login page, or back after an action)",
             "400": "Malformed input", "401": "Wrong username or password", "403": "CSRF token missing or wrong",
             "404": "No such ticket, or a wrong token", "413": "Body too large", "422": "Invalid input",
             "429": "Too many attempts"}
    return {code: {"description": words[code], "content": {"text/html": {"schema": {"type": "string"}}}}
            for code in codes}


def _query(*names: str) -> list[dict[str, Any]]:
    return [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in names]


def _path(*names: str) -> list[dict[str, Any]]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in names]


def _form(*names: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object", "properties": {name: {"type": "string"} for name in names}}}}}


PAGE_PATHS: dict[str, Any] = {
    "/api/health": {"get": {"summary": "Whether the endpoint and its database answer", "responses": {
        "200": {"description": "Up", "content": {"application/json": {"schema": {"type": "object"}}}},
        "503": {"description": "The database cannot be reached now"}}}},
    "/api/openapi.json": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI"}}}},
    "/terima-kasih": {"get": {"summary": "Thank-you page after a form post without JavaScript",
                              "parameters": _query("tiket", "token", "bahasa", "kembali"),
                              "responses": _html("200", "404")}},
    "/dasbor/masuk": {
        "get": {"summary": "Librarians' login page", "responses": _html("200")},
        "post": {"summary": "Log in", "requestBody": _form("username", "password", "csrf"),
                 "responses": _html("303", "401", "403", "413", "429")}},
    "/dasbor/keluar": {"post": {"summary": "Log out", "requestBody": _form("csrf"),
                                "responses": _html("303", "403", "413")}},
    "/dasbor": {"get": {"summary": "The request queue", "parameters": _query("cabang", "layanan", "status"),
                        "responses": _html("200", "303")}},
    "/dasbor/laporan": {"get": {"summary": "Service-level reports and the satisfaction index (IKM)",
                                "parameters": _query("periode"), "responses": _html("200", "303")}},
    "/dasbor/permintaan.csv": {"get": {"summary": "Requests as CSV", "responses": {
        "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
        "303": {"description": "Not logged in"}}}},
    "/dasbor/permintaan/{ticket}": {"get": {"summary": "One request", "parameters": _path("ticket"),
                                            "responses": _html("200", "303", "404")}},
    "/dasbor/permintaan/{ticket}/{action}": {"post": {
        "summary": "Act on a request (take, next step, pause, lend, close, refuse…)",
        "parameters": _path("ticket", "action"),
        "requestBody": _form("csrf", "catatan", "alasan", "petugas", "eksemplar", "loan"),
        "responses": _html("303", "400", "403", "404", "413")}},
    "/dasbor/impor": {
        "get": {"summary": "Import requests saved offline (files from villages)", "responses": _html("200", "303")},
        "post": {"summary": "Import one or more request files: one ticket per request, however often it comes",
                 "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                     "type": "object", "properties": {
                         "csrf": {"type": "string"},
                         "berkas": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
                 "responses": _html("200", "400", "401", "403", "413", "422")}},
    "/dasbor/ikm.csv": {"get": {"summary": "The satisfaction index (IKM, Permenpan-RB 14/2017) as CSV",
                                "parameters": _query("periode"), "responses": {
                                    "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                                    "303": {"description": "Not logged in"}}}},
    "/survei/{ticket}": {
        "get": {"summary": "The satisfaction survey (SKM) of a closed ticket",
                "parameters": _path("ticket") + _query("token", "bahasa"), "responses": _html("200", "404")},
        "post": {"summary": "Answer the survey, once per ticket", "parameters": _path("ticket"),
                 "requestBody": _form("token", "bahasa", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9",
                                      "gender", "age", "education", "occupation"),
                 "responses": {**_html("303", "400", "404", "413", "422"),
                               "409": {"description": "Already answered, or the ticket is not closed"}}}},
    # The reader's status page without JavaScript and the answer work (ticket_view.py, librarian.py).
    "/tiket/{ticket}": {"get": {"summary": "A request's status, steps, deadlines and answer, as a page",
                                "parameters": _path("ticket") + _query("token", "bahasa"),
                                "responses": _html("200", "404")}},
    "/dasbor/permintaan/{ticket}/jawab": {"post": {
        "summary": "Write the answer the reader sees on the status page", "parameters": _path("ticket"),
        "requestBody": _form("csrf", "jawaban"), "responses": _html("303", "401", "403", "404", "413", "422")}},
    "/dasbor/permintaan/{ticket}/hapus-lampiran": {"post": {
        "summary": "Withdraw a result file", "parameters": _path("ticket"),
        "requestBody": _form("csrf", "berkas"), "responses": _html("303", "401", "403", "404", "413")}},
    "/dasbor/lampiran/{ticket}": {"post": {
        "summary": "Attach a result file (size-limited, checked types; served only with the ticket's token)",
        "parameters": _path("ticket"),
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "properties": {"csrf": {"type": "string"},
                                             "berkas": {"type": "string", "format": "binary"}}}}}},
        "responses": _html("303", "400", "401", "403", "404", "413", "422")}},
    "/oai/": {"get": {"summary": "OAI-PMH 2.0 (oai_dc) over the built catalogue",
                      "parameters": _query("verb", "metadataPrefix", "identifier", "from", "until", "set",
                                           "resumptionToken"),
                      "responses": {"200": {"description": "OAI-PMH XML"}}},
              "post": {"summary": "OAI-PMH 2.0 by POST",
                       "requestBody": _form("verb", "metadataPrefix", "identifier", "from", "until", "set",
                                            "resumptionToken"),
                       "responses": {"200": {"description": "OAI-PMH XML"}, "413": {"description": "Too large"},
                                     "415": {"description": "Not form-encoded"}}}},
}
