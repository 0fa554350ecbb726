"""The expected status of every route × method × persona: the table the permission matrix checks.

Each line is one URL name (as in ``reverse()``), the URL kwargs filled from
:class:`tests.trust.world.World` (``"pk=figures"``: the figures of the hospital of Sở Y tế), and per
HTTP method the 8 expected statuses in the order of :data:`PERSONAS`:

    anonymous, officer of agency A (Sở Y tế), officer of agency B (Sở GD&ĐT), commune officer,
    supervisor (Sở Nội vụ), leader, inspector, administrator

Every object named here belongs to agency A, so ``officer_b`` and ``commune_officer`` must not see
it (404: no hint that it exists), readers (leader, inspector) must not change it (403), anonymous
users go to the login page (302) or get 401 from the API. Web routes are called with GET and POST
(an empty form), API routes with the methods of their OpenAPI operations (an empty JSON body): an
allowed writer therefore gets the form back (200), a refusal of the empty input (400) or a redirect
after the action (302); what a valid body does is for each app's own tests.

**Adding a route** (a new page, a new API operation): one line here, e.g.

    "proposals:detail": E("pk=proposal", GET=SEE_A, POST=WRITE_A),
    "proposal-detail": E("pk=proposal", GET=API_SEE_A, PATCH=API_WRITE_A),

with a World attribute for its object if it names a new kind (tests/trust/world.py, built through
the service). Prefer a named profile below; write the 8 statuses out ("302 200 404 …") when none
fits, and look hard at any line where ``officer_b`` or ``commune_officer`` gets a 2xx for an object
of agency A. The matrix fails, saying what to add, for a route or method without a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = (
    "anon",
    "officer_a",
    "officer_b",
    "commune_officer",
    "supervisor",
    "leader",
    "inspector",
    "admin",
)


@dataclass(frozen=True)
class Expect:
    kwargs: str
    methods: dict[str, str] = field(default_factory=dict)


def E(kwargs: str = "", **methods: str) -> Expect:
    return Expect(kwargs, methods)


def parse(statuses: str) -> list[int]:
    codes = [int(x) for x in statuses.split()]
    if len(codes) != len(PERSONAS):
        raise ValueError(f"{statuses!r}: give one status per persona ({' '.join(PERSONAS)})")
    return codes


# fmt: off
#                 anon  A    B    comm sup  lead insp admin
# Web pages
PUBLIC         = "200  200  200  200  200  200  200  200"
SIGNED_IN      = "302  200  200  200  200  200  200  200"  # any signed-in user (lists filter by scope)
SEE_A          = "302  200  404  404  200  200  200  200"  # a page of an object of agency A
WRITE_A        = "302  200  404  404  200  403  403  200"  # a form changing an object of agency A
ACT_A          = "302  302  404  404  302  403  403  302"  # an action on agency A's object (then back)
ACT_A_INVALID  = "302  400  404  404  400  403  403  400"  # same, the empty form refused (400)
DECIDE_A       = "302  403  404  404  302  403  403  302"  # decided above agency A (Sở Nội vụ)
WRITER         = "302  200  200  200  200  403  403  200"  # a writer's tool (imports, new event)
SEE_PLAN       = "302  200  200  404  200  200  200  200"  # the province's plan: assignees and above
OWNER          = "302  200  404  404  404  404  404  200"  # a background job: its owner (and superusers)
IMPORT_OWNER   = "302  200  404  404  404  403  403  404"  # an import run: its owner, writers only
USER_ADMIN     = "302  403  403  403  200  403  403  200"  # user administration
USER_ADMIN_ACT = "302  403  403  403  302  403  403  302"
ROUNDS         = "302  404  404  404  200  200  200  200"  # province-wide report rounds
TWO_FACTOR     = "302  403  403  403  200  403  403  200"  # two-factor enrolment
POST_ONLY      = "302  405  405  405  405  405  405  405"  # GET of an action (login first)
NOT_ALLOWED    = "405  405  405  405  405  405  405  405"
# API (token)
API_SIGNED_IN  = "401  200  200  200  200  200  200  200"
API_SEE_A      = "401  200  404  404  200  200  200  200"
API_SEE_PLAN   = "401  200  200  404  200  200  200  200"
API_WRITE_A    = "401  400  404  404  400  403  403  400"  # empty body refused after the scope check
API_REFUSED_A  = "401  400  404  404  400  400  400  400"  # plans: role refused by the service (400)
API_INVALID    = "401  400  400  400  400  400  400  400"  # a create: the empty body is refused first
# fmt: on


ROUTES: dict[str, Expect] = {
    # --- web pages ------------------------------------------------------------------------------
    "accounts:login": E(GET=PUBLIC, POST=PUBLIC),
    # the audit trail: supervisors, inspectors and administrators
    "audit": E(GET="302 403 403 403 200 403 200 200", POST="302 403 403 403 200 403 200 200"),
    "audit_export": E(
        GET="302 403 403 403 200 403 200 200",
        POST="302 403 403 403 200 403 200 200",
    ),
    "accounts:logout": E(GET=NOT_ALLOWED, POST="302 302 302 302 302 302 302 302"),
    "autonomy:figures_edit": E("pk=figures", GET=WRITE_A, POST=WRITE_A),
    "autonomy:figures_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "autonomy:figures_reopen": E("pk=figures", GET=POST_ONLY, POST=ACT_A),
    "autonomy:figures_return": E("pk=figures", GET=POST_ONLY, POST=ACT_A),
    "autonomy:figures_submit": E("pk=figures", GET=POST_ONLY, POST=ACT_A),
    "autonomy:overview": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "autonomy:plan_decide": E("pk=autonomy_plan", GET=WRITE_A, POST=WRITE_A),
    "autonomy:plan_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "autonomy:proposal_accept": E("pk=proposal", GET=POST_ONLY, POST=DECIDE_A),
    "autonomy:proposal_decline": E("pk=proposal", GET=POST_ONLY, POST=DECIDE_A),
    "autonomy:public_service_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "autonomy:roadmap_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "autonomy:unit": E("pk=hospital", GET=SEE_A, POST=SEE_A),
    "core:rule": E("name=rule", GET=SIGNED_IN, POST=SIGNED_IN),
    "core:rules": E(GET=SIGNED_IN, POST=SIGNED_IN),
    # an import run is its owner's: the supervisor and the administrator do not see another's run
    "imports:commit": E("pk=import_job", GET=POST_ONLY, POST="302 302 404 404 404 403 403 404"),
    "imports:dry_run": E("pk=import_job", GET=IMPORT_OWNER, POST=IMPORT_OWNER),
    "imports:list": E(GET=WRITER, POST=WRITER),
    "imports:template": E("kind=import_kind", GET=WRITER, POST=WRITER),
    "imports:upload": E("kind=import_kind", GET=WRITER, POST=WRITER),
    "indicators:chart": E("code=indicator", GET=SIGNED_IN, POST=SIGNED_IN),
    "indicators:dashboard": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "indicators:drill": E("code=indicator", GET=SIGNED_IN, POST=SIGNED_IN),
    "jobs:detail": E("pk=job", GET=OWNER, POST=OWNER),
    "jobs:progress": E("pk=job", GET=OWNER, POST=OWNER),
    "organizations:correct": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "organizations:detail": E("pk=hospital", GET=SEE_A, POST=SEE_A),
    "organizations:event": E("pk=event", GET=SEE_A, POST=SEE_A),
    "organizations:events": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "organizations:tree": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "plans:approvals": E(GET=SIGNED_IN, POST=WRITER),  # bulk approval (empty: form again)
    "plans:evidence": E("pk=evidence", GET=SEE_A, POST=SEE_A),
    # without an import in the session: back to the import page
    "plans:import_review": E(
        GET="302 302 302 302 302 403 403 302", POST="302 302 302 302 302 403 403 302"
    ),
    "plans:import_text": E(GET=WRITER, POST=WRITER),
    "plans:list": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "plans:my_work": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "plans:overdue": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "plans:plan": E("pk=plan", GET=SEE_PLAN, POST=SEE_PLAN),
    # the queue of assignments to re-resolve: Sở Nội vụ; others 404 on POST, readers 403
    "plans:queue": E(GET=SIGNED_IN, POST="302 404 404 404 404 403 403 404"),
    # the date is read before the role: an empty form goes back to the task with a message
    "plans:record_condition": E("pk=task", GET=NOT_ALLOWED, POST="302 302 302 404 302 302 302 302"),
    # POST without a known action: 404 for everyone (actions are separate routes / API)
    "plans:report": E("pk=progress_report", GET=SEE_A, POST="302 404 404 404 404 404 404 404"),
    "plans:task": E("pk=task", GET=SEE_PLAN, POST="302 404 404 404 404 404 404 404"),
    "restructuring:autonomy_approve": E("pk=figures", GET=POST_ONLY, POST=ACT_A),
    "restructuring:event_new": E(GET=WRITER, POST=WRITER),
    "restructuring:unit_search": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "staffing:chain": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "staffing:entry_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    "staffing:headcount_new": E("pk=hospital", GET=WRITE_A, POST=WRITE_A),
    # quota and headcount submissions: seen like agency A's data, decided by Sở Nội vụ only
    "staffing:queue": E("kind=submission_kind", GET=SIGNED_IN, POST=WRITER),  # bulk approval
    "staffing:submission": E("kind=submission_kind pk=quota_submission", GET=SEE_A, POST=SEE_A),
    "staffing:submission_submit": E(
        "kind=submission_kind pk=quota_submission", GET=POST_ONLY, POST=ACT_A_INVALID
    ),
    "staffing:submission_approve": E(
        "kind=submission_kind pk=quota_submission",
        GET=POST_ONLY,
        POST="302 403 404 404 400 403 403 400",
    ),
    "staffing:submission_return": E(
        "kind=submission_kind pk=quota_submission",
        GET=POST_ONLY,
        POST="302 403 404 404 400 403 403 400",
    ),
    "staffing:org": E("pk=hospital", GET=SEE_A, POST=SEE_A),
    # redirects to the quota chain
    "staffing:overview": E(
        GET="302 302 302 302 302 302 302 302", POST="302 302 302 302 302 302 302 302"
    ),
    "streamlining:calculator": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "streamlining:case": E("pk=case", GET=SEE_A, POST=SEE_A),
    "streamlining:case_approve": E("pk=case", GET=POST_ONLY, POST=ACT_A_INVALID),
    "streamlining:case_edit": E("pk=case", GET=WRITE_A, POST=WRITE_A),
    "streamlining:case_new": E("pk=person", GET=WRITE_A, POST=WRITE_A),
    "streamlining:case_pay": E("pk=case", GET=POST_ONLY, POST=ACT_A_INVALID),
    "streamlining:case_recompute": E("pk=case", GET=POST_ONLY, POST=ACT_A_INVALID),
    "streamlining:case_return": E("pk=case", GET=POST_ONLY, POST=ACT_A_INVALID),
    "streamlining:case_submit": E("pk=case", GET=POST_ONLY, POST=ACT_A_INVALID),
    "streamlining:index": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "streamlining:people": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "streamlining:period": E("pk=period", GET=SEE_A, POST=SEE_A),
    "streamlining:period_export": E("pk=period", GET=SEE_A, POST=SEE_A),
    "streamlining:period_new": E(GET=POST_ONLY, POST="302 400 400 400 400 403 403 400"),
    "streamlining:person": E("pk=person", GET=SEE_A, POST=SEE_A),
    "streamlining:queue": E(GET=SIGNED_IN, POST=WRITER),  # bulk approval (empty: form again)
    "users:create": E(GET=USER_ADMIN, POST=USER_ADMIN),
    "users:list": E(GET=USER_ADMIN, POST=USER_ADMIN),
    "users:reset": E("pk=unit_officer", GET=POST_ONLY, POST=USER_ADMIN_ACT),
    "users:toggle": E("pk=unit_officer", GET=POST_ONLY, POST=USER_ADMIN_ACT),
    "workforce:assignment_fix": E("pk=person assignment=assignment", GET=POST_ONLY, POST=ACT_A),
    "workforce:compliance": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:level_change": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:migration": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:people": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:person": E("pk=person", GET=SEE_A, POST=SEE_A),
    "workforce:retirement": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:structure": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "workforce:unit": E("pk=hospital", GET=SEE_A, POST=SEE_A),
    "workforce:unit_export": E("pk=hospital", GET=SEE_A, POST=SEE_A),
    "api-docs": E(GET=PUBLIC, POST=NOT_ALLOWED),
    "api-schema": E(GET=PUBLIC, POST=NOT_ALLOWED),
    "home": E(GET=SIGNED_IN, POST=SIGNED_IN),
    # signatures (ky-so/): the signing page of agency A's report (a draft: nothing to sign, POST 404)
    "signatures:approval_sign": E(
        "key=signed_kind pk=progress_report",
        GET=SEE_A,
        POST="302  404  404  404  404  404  404  404",
    ),
    # signing a generated report: as its page (owner, Sở Nội vụ, administrators)
    "signatures:document_sign": E(
        "pk=report",
        GET="302  200  404  404  200  404  404  200",
        POST="302  200  404  404  200  404  404  200",
    ),
    "signatures:documents": E(GET=SIGNED_IN, POST=SIGNED_IN),
    # no signed document in this world (it needs the test CA): a missing one is 404 for everyone;
    # who may download a signed one is tested in tinhgon/signatures/tests
    "signatures:download": E(
        "pk=missing",
        GET="302  404  404  404  404  404  404  404",
        POST="302  404  404  404  404  404  404  404",
    ),
    "signatures:keys": E(GET=SIGNED_IN, POST=SIGNED_IN),
    # signing the consolidated version at sign-off: the province's leaders only (others: 404);
    # an empty POST names no key of theirs (404)
    "signatures:version_sign": E(
        "pk=report_version",
        GET="302 404 404 404 404 200 404 404",
        POST="302 404 404 404 404 404 404 404",
    ),
    # reports (bao-cao/): the calendar for everyone signed in; a round and its versions for the
    # province's readers (Sở Nội vụ, leaders, inspectors, administrators); an agency's
    # contribution for its own officer and those readers. Their forms act by an ``op`` field:
    # an empty POST names no action (404). Consolidating is POST only; a reader who is not
    # Sở Nội vụ is sent back to the round with the service's refusal (302, message).
    "reports:index": E(GET=SIGNED_IN, POST="302 404 404 404 404 404 404 404"),
    "reports:round": E("pk=report_round", GET=ROUNDS, POST=ROUNDS),
    "reports:consolidate": E(
        "pk=report_round",
        GET="302 405 405 405 405 405 405 405",
        POST="302 404 404 404 302 302 302 302",
    ),
    "reports:submission": E("pk=submission", GET=SEE_A, POST="302 404 404 404 404 404 404 404"),
    "reports:version": E("pk=report_version", GET=ROUNDS, POST="302 404 404 404 404 404 404 404"),
    "reports:version_file": E("pk=report_version fmt=report_format", GET=ROUNDS, POST=ROUNDS),
    # restructuring projects (sap-xep/de-an/): agency A's draft
    "restructuring:project_list": E(GET=SIGNED_IN, POST=SIGNED_IN),
    "restructuring:project_new": E(GET=WRITER, POST=WRITER),
    # the first event of a new draft: back to the head form when no draft head is in the session
    "restructuring:project_event_first": E(
        GET="302 302 302 302 302 403 403 302", POST="302 302 302 302 302 403 403 302"
    ),
    # the workflow buttons act by an ``action`` field, then back to the page (none here: 302)
    "restructuring:project_detail": E(
        "pk=project", GET=SEE_A, POST="302 302 404 404 302 302 302 302"
    ),
    "restructuring:project_event_add": E("pk=project", GET=WRITE_A, POST=WRITE_A),
    "restructuring:project_annex": E("pk=project", GET=SEE_A, POST=SEE_A),
    # two-factor: enrolment for supervisors and administrators; the code step of a login goes
    # back to the login page when no login is waiting for a code
    "accounts:two_factor": E(GET=TWO_FACTOR, POST=TWO_FACTOR),
    "accounts:login_code": E(
        GET="302 302 302 302 302 302 302 302", POST="302 302 302 302 302 302 302 302"
    ),
    "signatures:verify": E(GET=SIGNED_IN, POST=SIGNED_IN),
    # --- API /api/v1/ and the schema ---------------------------------------------------------
    "api-token": E(POST="400 400 400 400 400 400 400 400"),
    "assignment-detail": E("pk=plan_assignment", GET=API_SEE_A),
    "assignment-list": E(GET=API_SIGNED_IN),
    "autonomy-budget-support": E(GET=API_SIGNED_IN),
    "autonomy-figures-approve": E("pk=figures", POST=API_WRITE_A),
    "autonomy-figures-detail": E("pk=figures", GET=API_SEE_A, PUT=API_WRITE_A),
    "autonomy-figures-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "autonomy-figures-return-": E("pk=figures", POST=API_WRITE_A),
    "autonomy-figures-submit": E("pk=figures", POST=API_WRITE_A),
    "autonomy-movements": E(GET=API_SIGNED_IN),
    "autonomy-plan-decide": E("pk=autonomy_plan", POST=API_WRITE_A),
    "autonomy-plans": E(POST=API_INVALID),
    # quota-conversion proposals are decided by the province (Sở Nội vụ), not the agency
    "autonomy-proposal-accept": E("pk=proposal", POST="401 403 404 404 400 403 403 400"),
    "autonomy-proposal-reject": E("pk=proposal", POST="401 403 404 404 400 403 403 400"),
    "autonomy-report": E("year=year", GET=API_SIGNED_IN),
    "autonomy-roadmap": E(POST=API_INVALID),
    "autonomy-services-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "autonomy-shares": E(GET=API_SIGNED_IN),
    "autonomy-unit": E("pk=hospital", GET=API_SEE_A),
    "event-detail": E("pk=event", GET=API_SEE_A),
    "event-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "indicators": E(GET=API_SIGNED_IN),
    "organization-detail": E("pk=hospital", GET=API_SEE_A),
    "organization-lineage": E("pk=hospital", GET=API_SEE_A),
    "organization-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "plan-detail": E("pk=plan", GET=API_SEE_PLAN),
    "plan-list": E(GET=API_SIGNED_IN),
    "progress-report-approve": E("pk=progress_report", POST=API_REFUSED_A),
    # bulk approval: the scope of each item is checked in tests/trust/test_approval_everywhere.py
    "progress-report-bulk-approve": E(POST=API_INVALID),
    "progress-report-detail": E("pk=progress_report", GET=API_SEE_A, PATCH=API_REFUSED_A),
    "progress-report-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "progress-report-reopen": E("pk=progress_report", POST=API_REFUSED_A),
    "progress-report-return-": E("pk=progress_report", POST=API_REFUSED_A),
    "progress-report-submit": E("pk=progress_report", POST=API_REFUSED_A),
    "quota-balance": E(GET=API_INVALID),
    "quota-entry-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    # quota and headcount submissions (the approval flow): decided by Sở Nội vụ only
    "quota-submission-list": E(GET=API_SIGNED_IN),
    "quota-submission-detail": E("pk=quota_submission", GET=API_SEE_A),
    "quota-submission-submit": E("pk=quota_submission", POST=API_WRITE_A),
    "quota-submission-approve": E("pk=quota_submission", POST="401 403 404 404 400 403 403 400"),
    "quota-submission-return-": E("pk=quota_submission", POST="401 403 404 404 400 403 403 400"),
    # bulk approval: the scope of each item is checked in staffing/tests/test_submissions.py
    "quota-submission-bulk-approve": E(POST=API_INVALID),
    "headcount-submission-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "headcount-submission-detail": E("pk=headcount_submission", GET=API_SEE_A),
    "headcount-submission-submit": E("pk=headcount_submission", POST=API_WRITE_A),
    "headcount-submission-approve": E(
        "pk=headcount_submission", POST="401 403 404 404 400 403 403 400"
    ),
    "headcount-submission-return-": E(
        "pk=headcount_submission", POST="401 403 404 404 400 403 403 400"
    ),
    "headcount-submission-bulk-approve": E(POST=API_INVALID),
    "proposal-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "proposal-detail": E("pk=project", GET=API_SEE_A),
    "report-create": E(POST=API_INVALID),
    # an import through the API: writers only (a JSON body instead of a file: 415)
    "import-upload": E("kind=import_kind", POST="401 415 415 415 415 403 403 415"),
    # a generated report: its owner, the supervisors and administrators
    "report-detail": E("pk=report", GET="401 200 404 404 200 404 404 200"),
    "report-file": E("pk=report", GET="401 200 404 404 200 404 404 200"),
    "rule-list": E(GET=API_SIGNED_IN),
    "rule-run": E("name=rule", POST=API_INVALID),
    "stats-units": E(GET=API_SIGNED_IN),
    "streamlining-budget-effect": E(GET=API_SIGNED_IN),
    "streamlining-case-approve": E("pk=case", POST=API_WRITE_A),
    "streamlining-case-bulk-approve": E(POST=API_INVALID),
    "streamlining-case-detail": E("pk=case", GET=API_SEE_A),
    "streamlining-case-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "streamlining-case-pay": E("pk=case", POST=API_WRITE_A),
    "streamlining-case-return-": E("pk=case", POST=API_WRITE_A),
    "streamlining-case-submit": E("pk=case", POST=API_WRITE_A),
    "streamlining-period-detail": E("pk=period", GET=API_SEE_A),
    "streamlining-period-list": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "streamlining-period-summary": E("pk=period", GET=API_SEE_A),
    "streamlining-report": E("year=year", GET=API_SIGNED_IN),
    "task-detail": E("pk=task", GET=API_SEE_PLAN),
    "task-list": E(GET=API_SIGNED_IN),
    "workforce-compliance": E(GET=API_SIGNED_IN),
    "workforce-migration": E(GET=API_SIGNED_IN),
    "workforce-people": E(GET=API_SIGNED_IN, POST=API_INVALID),
    "workforce-person": E("pk=person", GET=API_SEE_A),
    "workforce-person-assignments": E("pk=person", POST=API_REFUSED_A),
    "workforce-structure": E(GET=API_SIGNED_IN),
    "workforce-unit-staffing": E("pk=hospital", GET=API_SEE_A),
}
