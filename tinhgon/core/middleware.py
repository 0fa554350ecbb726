"""Per-request context: a request id (also sent back as ``X-Request-ID``) and the source."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tinhgon.core import context


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "ui"
        with context.acting_from(source) as rid:
            request.request_id = rid  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response
