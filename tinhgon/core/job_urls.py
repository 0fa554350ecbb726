from django.urls import path

from tinhgon.core import job_views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", job_views.job_detail, name="detail"),
    path("<int:pk>/tien-do/", job_views.job_progress, name="progress"),
]
