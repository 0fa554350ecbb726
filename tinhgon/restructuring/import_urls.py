from django.urls import path

from tinhgon.restructuring import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.import_list, name="list"),
    path("<str:kind>/mau/", import_views.import_template, name="template"),
    path("<str:kind>/tai-len/", import_views.import_upload, name="upload"),
    path("lan/<int:pk>/", import_views.import_dry_run, name="dry_run"),
    path("lan/<int:pk>/ghi/", import_views.import_commit, name="commit"),
]
