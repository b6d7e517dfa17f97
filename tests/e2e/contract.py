"""Calls to a node's API, each answer held to Sources/LiaisonAPI/openapi.yaml.

Every end-to-end test that calls the API goes through `call`, so an answer whose status,
content type or body the document does not describe fails the test that received it.
"""
import io
import json
import pathlib
import urllib.error
import urllib.parse
import urllib.request

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

DOCUMENT = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "LiaisonAPI" / "openapi.yaml"
_contract = None


def contract():
    global _contract
    if _contract is None:
        _contract = OpenAPI.from_file_path(str(DOCUMENT))
    return _contract


def check(base_url, method, path, status, content_type, body):
    """Raises when the document does not describe this answer."""
    request = MockRequest(base_url, method.lower(), urllib.parse.urlsplit(path).path)
    response = MockResponse(body, status_code=status, content_type=(content_type or "").split(";")[0])
    contract().validate_response(request, response)


def call(base_url, token, method, path, body=None, timeout=10):
    """The parsed JSON answer of `method path` (path under /api/v1); HTTP errors are raised
    as urllib raises them, after their problem document was checked too."""
    url = base_url + "/api/v1" + path
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            check(base_url, method, "/api/v1" + path, response.status, response.headers.get("Content-Type"), payload)
            return json.loads(payload or b"null")
    except urllib.error.HTTPError as error:
        payload = error.read()
        check(base_url, method, "/api/v1" + path, error.code, error.headers.get("Content-Type"), payload)
        raise urllib.error.HTTPError(error.url, error.code, error.msg, error.headers, io.BytesIO(payload)) from None
