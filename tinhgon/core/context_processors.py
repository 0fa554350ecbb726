from typing import Any

from django.http import HttpRequest
from django.utils import timezone


def tinhgon(request: HttpRequest) -> dict[str, Any]:
    return {"today": timezone.localdate()}
