"""Optimistic locking: every update service checks the ``version`` its caller read.

A stale form or API call is refused with what changed since, read from the audit trail.
"""

from typing import Any

from django.db import models
from django.utils import timezone
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
    entries = AuditEntry.objects.for_object(obj).order_by("-at", "-id")[
        : max(1, min(5, obj.version - int(expected)))
    ]
    details = []
    for e in entries:
        changes = _changes(e.before or {}, e.after or {})
        if changes:
            what = "; ".join(
                _("%(f)s: “%(old)s” → “%(new)s”")
                % {"f": _label(obj, f), "old": _show(a), "new": _show(b)}
                for f, (a, b) in changes[:8]
            )
        else:
            what = ", ".join(sorted((e.after or {}).keys() - {"version"}))
        details.append(
            _("%(who)s đã sửa lúc %(at)s — %(what)s")
            % {
                "who": e.actor_label,
                "at": timezone.localtime(e.at).strftime("%H:%M %d/%m/%Y"),
                "what": what,
            }
        )
    message = _(
        "Bản ghi đã được thay đổi sau khi bạn mở (phiên bản của bạn %(mine)s, hiện tại %(now)s). "
        "Hãy tải lại để xem thay đổi rồi sửa lại."
    ) % {"mine": expected, "now": obj.version}
    problems = [Problem(path, message)] + [Problem(path, d) for d in details]
    raise Refused(*problems)


_SKIPPED = {"version", "updated_at", "modified_at", "created_at"}


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested before/after snapshots as ``a.b`` keys (an audit row may hold several objects)."""
    if not isinstance(data, dict):
        return {prefix: data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SKIPPED:
            continue
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(_flat(value, name))
        else:
            out[name] = value
    return out


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, tuple[Any, Any]]]:
    """The fields an audit row changed, with their values before and after."""
    b, a = _flat(before), _flat(after)
    return [(k, (b.get(k), v)) for k, v in sorted(a.items()) if b.get(k) != v]


def _label(obj: Any, key: str) -> str:
    """A changed field's name as the user knows it (its verbose name, on the object or on one of
    its related records: ``state.unit_class`` → “hạng đơn vị”), else the key itself."""
    name = key.rsplit(".", 1)[-1]
    models_ = [type(obj)] + [r.related_model for r in type(obj)._meta.related_objects]
    for model in models_:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 (not on this model: try the next one)
            continue
        verbose = getattr(field, "verbose_name", None)
        if verbose and str(verbose) != name.replace("_", " "):
            return str(verbose)
    return key


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def bump(obj: Any) -> None:
    obj.version = obj.version + 1
