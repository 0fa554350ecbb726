from django.urls import path

from tinhgon.signatures import views

app_name = "signatures"
urlpatterns = [
    path("khoa/", views.my_keys, name="keys"),
    path("kiem-tra/", views.verify_page, name="verify"),
    path("phe-duyet/<str:key>/<int:pk>/", views.approval_sign, name="approval_sign"),
    path("bao-cao/", views.documents, name="documents"),
    path("bao-cao/<int:pk>/ky/", views.document_sign, name="document_sign"),
    path("tai/<int:pk>/", views.download, name="download"),
    path("ban-tong-hop/<int:pk>/ky/", views.version_sign, name="version_sign"),
]
