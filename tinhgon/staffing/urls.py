from django.urls import path

from tinhgon.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("quy-trinh/", views.chain, name="chain"),
    path("<int:pk>/", views.org_quota, name="org"),
    path("<int:pk>/but-toan/moi/", views.entry_new, name="entry_new"),
    path("<int:pk>/so-nguoi/moi/", views.headcount_new, name="headcount_new"),
    path("de-nghi/<slug:kind>/", views.queue, name="queue"),
    path("de-nghi/<slug:kind>/<int:pk>/", views.submission, name="submission"),
    path("de-nghi/<slug:kind>/<int:pk>/gui/", views.submission_submit, name="submission_submit"),
    path(
        "de-nghi/<slug:kind>/<int:pk>/phe-duyet/",
        views.submission_approve,
        name="submission_approve",
    ),
    path(
        "de-nghi/<slug:kind>/<int:pk>/tra-lai/", views.submission_return, name="submission_return"
    ),
]
