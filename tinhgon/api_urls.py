"""``/api/v1/``: one router for every app."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from tinhgon.autonomy import api as autonomy_api
from tinhgon.core import rules_api
from tinhgon.indicators.api import indicator_list
from tinhgon.organizations.api import unit_stats
from tinhgon.plans.api import AssignmentViewSet, PlanViewSet, ProgressReportViewSet, TaskViewSet
from tinhgon.reports import api as reports_api
from tinhgon.restructuring.api import EventViewSet, OrganizationWriteViewSet
from tinhgon.restructuring.autonomy_views import figures_approve_api
from tinhgon.restructuring.import_api import import_upload
from tinhgon.restructuring.project_api import proposal_detail, proposal_list
from tinhgon.staffing.api import (
    HeadcountSubmissionViewSet,
    QuotaEntryViewSet,
    QuotaSubmissionViewSet,
    quota_balance,
)
from tinhgon.streamlining import api as streamlining_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationWriteViewSet, basename="organization")
router.register("events", EventViewSet, basename="event")
router.register("quota-entries", QuotaEntryViewSet, basename="quota-entry")
router.register("quota-submissions", QuotaSubmissionViewSet, basename="quota-submission")
router.register(
    "headcount-submissions", HeadcountSubmissionViewSet, basename="headcount-submission"
)
router.register("autonomy/figures", autonomy_api.FiguresViewSet, basename="autonomy-figures")
router.register(
    "autonomy/public-services", autonomy_api.PublicServiceViewSet, basename="autonomy-services"
)
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register(
    "streamlining/periods", streamlining_api.PeriodViewSet, basename="streamlining-period"
)
router.register("streamlining/cases", streamlining_api.CaseViewSet, basename="streamlining-case")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("stats/units/", unit_stats, name="stats-units"),
    path("indicators/", indicator_list, name="indicators"),
    path("quota-balance/", quota_balance, name="quota-balance"),
    path("rules/", rules_api.rule_list, name="rule-list"),
    path("rules/<str:name>/", rules_api.rule_run, name="rule-run"),
    path(
        "autonomy/figures/<int:pk>/approve/", figures_approve_api, name="autonomy-figures-approve"
    ),
    path("autonomy/shares/", autonomy_api.shares, name="autonomy-shares"),
    path("autonomy/movements/", autonomy_api.movements, name="autonomy-movements"),
    path("autonomy/budget-support/", autonomy_api.budget_support, name="autonomy-budget-support"),
    path("autonomy/report/<int:year>/", autonomy_api.annual_report, name="autonomy-report"),
    path("autonomy/units/<int:pk>/", autonomy_api.unit_history, name="autonomy-unit"),
    path("autonomy/plans/", autonomy_api.plan_create, name="autonomy-plans"),
    path("autonomy/plans/<int:pk>/decide/", autonomy_api.plan_decide, name="autonomy-plan-decide"),
    path("autonomy/roadmap/", autonomy_api.roadmap_set, name="autonomy-roadmap"),
    path(
        "autonomy/quota-proposals/<int:pk>/accept/",
        autonomy_api.proposal_accept,
        name="autonomy-proposal-accept",
    ),
    path(
        "autonomy/quota-proposals/<int:pk>/reject/",
        autonomy_api.proposal_reject,
        name="autonomy-proposal-reject",
    ),
    path("workforce/", include("tinhgon.workforce.api_urls")),
    path(
        "streamlining/report/<int:year>/",
        streamlining_api.yearly_report,
        name="streamlining-report",
    ),
    path(
        "streamlining/budget-effect/",
        streamlining_api.budget_effect,
        name="streamlining-budget-effect",
    ),
    path("imports/<str:kind>/", import_upload, name="import-upload"),
    path("proposals/", proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal-detail"),
    path("reports/", reports_api.report_create, name="report-create"),
    path("reports/<int:pk>/", reports_api.report_detail, name="report-detail"),
    path("reports/<int:pk>/file/", reports_api.report_file, name="report-file"),
    *router.urls,
]
