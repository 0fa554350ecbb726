"""``/api/v1/``: one router for every app."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from tinhgon.core import rules_api
from tinhgon.organizations.api import unit_stats
from tinhgon.restructuring.api import EventViewSet, OrganizationWriteViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationWriteViewSet, basename="organization")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("stats/units/", unit_stats, name="stats-units"),
    path("rules/", rules_api.rule_list, name="rule-list"),
    path("rules/<str:name>/", rules_api.rule_run, name="rule-run"),
    path("workforce/", include("tinhgon.workforce.api_urls")),
    *router.urls,
]
