from django.urls import path

from tinhgon.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/<int:pk>/", views.round_detail, name="round"),
    path("dot/<int:pk>/tong-hop/", views.round_consolidate, name="consolidate"),
    path("don-vi/<int:pk>/", views.submission_detail, name="submission"),
    path("ban/<int:pk>/", views.version_detail, name="version"),
    path("ban/<int:pk>/tai/<str:fmt>/", views.version_file, name="version_file"),
]
