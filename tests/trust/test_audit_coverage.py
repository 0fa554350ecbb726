"""Audit coverage: no model changes without an audit row, from any path.

Every concrete model of the project (``django.apps``) is in exactly one of three lists:

* ``AUDITED``: each row written (created, changed or deleted) has its own audit row
  (``object_type`` = the model's label, ``object_id`` = its pk);
* ``AUDITED_THROUGH``: a row that belongs to another object (a state of an organization, the
  titles of a person…) is audited on that owner: the function gives the owner's (label, pk), and
  the row itself or its owner must have an audit row written during the same path;
* ``NOT_AUDITED``: with the reason (Django's own tables, queue and log tables, the trail itself).

The test runs every kind of write path (:mod:`tests.trust.audit_paths`: services, the approval
flow, the restructuring door, bulk services, an Excel import, a web form, the API, management
commands) on the world of the permission matrix, records every row created, saved or deleted
(pk sets before/after for bulk inserts, ``post_save``/``post_delete`` for the rest) and checks
each against the lists. A new model fails the test until it is put in one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from tests.trust.audit_paths import run_paths
from tests.trust.world import build_world
from tinhgon.core.models import AuditEntry


def _by(field: str, label: str) -> Callable[[Any], tuple[str, Any]]:
    return lambda row: (label, getattr(row, f"{field}_id"))


AUDITED = {
    "accounts.user",
    "organizations.organization",
    "organizations.reorgevent",
    "organizations.legaldocument",
    "positions.titlerank",
    "positions.positiondecision",
    "workforce.person",
    "staffing.quotaentry",
    "staffing.quotachainstep",
    "staffing.headcount",
    "staffing.quotasubmission",
    "staffing.headcountsubmission",
    "autonomy.autonomyfigures",
    "autonomy.autonomyplan",
    "autonomy.roadmaptarget",
    "autonomy.publicservice",
    "autonomy.groupchange",
    "autonomy.quotaconversionproposal",
    "streamlining.reviewperiod",
    "streamlining.case",
    "plans.plan",
    "plans.progressreport",
    "plans.reassignmentitem",
    "indicators.target",
    "reports.documentcounter",
    "reports.generatedreport",
    "reports.reportround",
    "reports.submission",
    "reports.reportversion",
    "restructuring.project",
    "signatures.credential",
}

AUDITED_THROUGH: dict[str, Callable[[Any], tuple[str, Any]]] = {
    "organizations.organizationstate": _by("organization", "organizations.organization"),
    "organizations.classcount": _by("organization", "organizations.organization"),
    "organizations.eventlink": _by("event", "organizations.reorgevent"),
    "positions.professionaltitle": lambda t: ("positions.titlerank", t.ranks.first().pk),
    "positions.approvedposition": _by("decision", "positions.positiondecision"),
    "workforce.assignment": _by("person", "workforce.person"),
    "workforce.pendingplacement": _by("person", "workforce.person"),
    "workforce.titleholding": _by("person", "workforce.person"),
    "workforce.salarystep": _by("person", "workforce.person"),
    "workforce.allowance": _by("person", "workforce.person"),
    "workforce.insuranceperiod": _by("person", "workforce.person"),
    "workforce.qualification": _by("person", "workforce.person"),
    "workforce.rating": _by("person", "workforce.person"),
    "workforce.training": _by("person", "workforce.person"),
    "workforce.leadershipappointment": _by("person", "workforce.person"),
    "workforce.unitrating": _by("organization", "organizations.organization"),
    "plans.task": _by("plan", "plans.plan"),
    "plans.product": lambda p: ("plans.plan", p.task.plan_id),
    "plans.assignment": lambda a: ("plans.plan", a.task.plan_id),
    "plans.evidencefile": _by("report", "plans.progressreport"),
    "plans.reportingperiodreopen": _by("plan", "plans.plan"),
    # a project's proposed events, placements and versions are audited on the project
    "restructuring.proposedevent": _by("project", "restructuring.project"),
    "restructuring.proposedplacement": _by("project", "restructuring.project"),
    "restructuring.projectversion": _by("project", "restructuring.project"),
    # two-factor enrolment is audited on the user (2fa_on / 2fa_off)
    "otp_totp.totpdevice": _by("user", "accounts.user"),
    # a signature is audited on what it signs (the approved data, the generated report)
    "signatures.signature": lambda sig: (
        f"{sig.content_type.app_label}.{sig.content_type.model}",
        sig.object_id,
    ),
}

NOT_AUDITED = {
    "core.auditentry": "the trail itself (append-only, see test_audit_trail.py)",
    "core.job": "progress of a background job; what the job writes is audited by its service",
    "django_tasks_database.dbtaskresult": "the job runner's queue rows",
    "sessions.session": "Django's sessions (a login is not a change of data)",
    "authtoken.token": "API tokens: secrets, created on first use; never shown in the trail",
    "admin.logentry": "Django admin's own log (the admin site is for superusers only)",
    "auth.permission": "Django's own, written by migrate",
    "auth.group": "Django's own (roles are User.role, groups are unused)",
    "contenttypes.contenttype": "Django's own, written by migrate",
    "plans.reminderlog": "a log table: which reminder digests were sent, and when",
    "plans.assigneeclass": "reference data re-created on demand (plans.assignee_classes.ensure)",
    "plans.assigneeclassrule": "reference data re-created on demand (plans.assignee_classes.ensure)",
    "positions.frameworkposition": "the ND 232 framework list, seeded by a data migration",
    "axes.accessattempt": "login throttling's count of failed logins (a login is not a change)",
    "axes.accessattemptexpiration": "login throttling's expiry of those counts",
    "axes.accessfailurelog": "login throttling's log of failed logins",
    "axes.accesslog": "login throttling's log of logins and logouts",
}

# Audited models that the paths here do not write, and why. The test fails when this list and
# what the paths leave unwritten differ, so a model added to AUDITED is exercised or listed here.
NOT_EXERCISED_HERE = {
    "organizations.classcount": "no write path yet (read by workforce.selectors only)",
    "workforce.insuranceperiod": "no write path yet (the model only)",
    "workforce.training": "no write path yet (the model only)",
    "workforce.unitrating": "no write path yet (the model only)",
    "workforce.pendingplacement": "written by workforce.services.on_reorg_event (a split with "
    "no single successor), audited there; tests: workforce/tests/test_reorg.py",
    "plans.reassignmentitem": "written by plans.reorg._carry (an assigned agency split), audited "
    "there; tests: plans/tests/test_reorg.py",
    "restructuring.proposedplacement": "a project's mapping of people (split or dissolved units), "
    "audited on the project; tests: restructuring/tests/test_projects.py",
    "otp_totp.totpdevice": "two-factor enrolment (accounts.services.two_factor_confirm / _disable, "
    "audited on the user); tests: tests/security",
    "signatures.credential": "keys need the test CA (make_test_ca): signatures/tests, audited there",
    "signatures.signature": "signing needs the test CA: tinhgon/signatures/tests, audited there",
    "plans.product": "created by plans.services.plan_create with its plan (audited on the plan); "
    "the small plan here has no products",
}

# Fields whose change alone is not a change of data (Django writes them on login).
IGNORED_UPDATES = {"accounts.user": {"last_login"}}


def _models() -> list[type[Model]]:
    """The concrete models of the installed apps (throwaway models of other tests excluded)."""
    return [
        m
        for m in apps.get_models()
        if not m._meta.proxy
        and not m._meta.abstract
        and m._meta.managed
        and ".tests." not in m.__module__
    ]


@contextmanager
def _recording() -> Iterator[dict[str, set[str]]]:
    """Yield {label: pks written}: rows new since the start (bulk inserts included), and rows
    saved or deleted through the ORM (``update()`` and raw SQL excepted: see bulk.py callers)."""
    written: dict[str, set[str]] = defaultdict(set)

    def saved(sender: Any, instance: Any, created: bool, update_fields: Any, **kw: Any) -> None:
        label = sender._meta.label_lower
        if update_fields and set(update_fields) <= IGNORED_UPDATES.get(label, set()):
            return
        written[label].add(str(instance.pk))

    def deleted(sender: Any, instance: Any, **kw: Any) -> None:
        written[sender._meta.label_lower].add(str(instance.pk))

    before = {m._meta.label_lower: set(m.objects.values_list("pk", flat=True)) for m in _models()}
    post_save.connect(saved, weak=False, dispatch_uid="audit-coverage-save")
    post_delete.connect(deleted, weak=False, dispatch_uid="audit-coverage-delete")
    try:
        yield written
    finally:
        post_save.disconnect(dispatch_uid="audit-coverage-save")
        post_delete.disconnect(dispatch_uid="audit-coverage-delete")
    for m in _models():
        label = m._meta.label_lower
        new = set(m.objects.values_list("pk", flat=True)) - before[label]
        written[label] |= {str(pk) for pk in new}


def test_every_model_is_classified() -> None:
    labels = {m._meta.label_lower for m in _models()}
    lists = [set(AUDITED), set(AUDITED_THROUGH), set(NOT_AUDITED)]
    missing = sorted(labels - set().union(*lists))
    assert not missing, (
        f"models with no audit rule: {missing}. Add each to AUDITED (its service writes an audit "
        "row per object), AUDITED_THROUGH (audited on its owner) or NOT_AUDITED (with the reason) "
        "in tests/trust/test_audit_coverage.py"
    )
    assert not (lists[0] & lists[1]) and not (lists[0] & lists[2]) and not (lists[1] & lists[2])
    assert not (set().union(*lists) - labels), "rules for models that no longer exist"


def _audited(since: int) -> set[tuple[str, str]]:
    return set(AuditEntry.objects.filter(pk__gt=since).values_list("object_type", "object_id"))


def test_no_model_changes_without_an_audit_row(
    registry: Any, people: Any, settings: Any, tmp_path: Any, national_targets: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with _recording() as written:
        world = build_world(registry, people)
        run_paths(world, tmp_path)
    audited = _audited(since)
    models = {m._meta.label_lower: m for m in _models()}
    unaudited: list[str] = []
    for label, pks in sorted(written.items()):
        if label in NOT_AUDITED or not pks:
            continue
        model = models[label]
        for pk in sorted(pks):
            if label in AUDITED:
                if (label, pk) not in audited:
                    row = model.objects.filter(pk=pk).first()
                    unaudited.append(f"{label} #{pk} {row if row is not None else '(deleted)'}")
            else:
                row = model.objects.filter(pk=pk).first()
                if row is None:
                    unaudited.append(f"{label} #{pk} deleted (audit it on its owner)")
                    continue
                owner = AUDITED_THROUGH[label](row)
                if (label, pk) not in audited and (owner[0], str(owner[1])) not in audited:
                    unaudited.append(f"{label} #{pk} (owner {owner[0]} #{owner[1]} not audited)")
    assert not unaudited, "written without an audit row:\n" + "\n".join(unaudited)
    exercised = {label for label, pks in written.items() if pks}
    assert (set(AUDITED) | set(AUDITED_THROUGH)) - exercised == set(NOT_EXERCISED_HERE)
