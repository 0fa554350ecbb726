from django.urls import path

from tinhgon.workforce import api

urlpatterns = [
    path("people/", api.people, name="workforce-people"),
    path("people/<int:pk>/", api.person_detail, name="workforce-person"),
    path(
        "people/<int:pk>/assignments/", api.person_assignments, name="workforce-person-assignments"
    ),
    path("compliance/", api.compliance, name="workforce-compliance"),
    path("structure/", api.structure, name="workforce-structure"),
    path("units/<int:pk>/staffing/", api.unit_staffing, name="workforce-unit-staffing"),
    path("migration/", api.migration, name="workforce-migration"),
]
