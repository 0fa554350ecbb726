"""Optimistic locking: every update service checks the ``version`` its caller read.

A stale form or API call is refused with what changed since, read from the audit trail.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from tinhgon.core.errors import Problem, Refused
from tinhgon.core.models import AuditEntry


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def check_version(obj: Any, expected: int | None, *, path: str = "version") -> None:
    """Refuse when ``expected`` differs from the stored version (``None``: the caller must send it)."""
    if expected is None:
        raise Refused.one(path, _("Thiếu phiên bản (version) của bản ghi đang sửa."))
    if int(expected) == obj.version:
        return
    entries = AuditEntry.objects.for_object(obj).order_by("-at", "-id")[:5]
    details = []
    for e in entries:
        fields = sorted((e.after or {}).keys() - {"version"})
        details.append(
            _("%(who)s đã sửa lúc %(at)s (%(fields)s)")
            % {
                "who": e.actor_label,
                "at": e.at.strftime("%H:%M %d/%m/%Y"),
                "fields": ", ".join(fields),
            }
        )
    message = _(
        "Bản ghi đã được thay đổi sau khi bạn mở (phiên bản của bạn %(mine)s, hiện tại %(now)s). "
        "Hãy tải lại để xem thay đổi rồi sửa lại."
    ) % {"mine": expected, "now": obj.version}
    problems = [Problem(path, message)] + [Problem(path, d) for d in details]
    raise Refused(*problems)


def bump(obj: Any) -> None:
    obj.version = obj.version + 1
