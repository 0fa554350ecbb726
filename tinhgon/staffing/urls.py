from django.urls import path

from tinhgon.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("quy-trinh/", views.chain, name="chain"),
    path("<int:pk>/", views.org_quota, name="org"),
    path("<int:pk>/but-toan/moi/", views.entry_new, name="entry_new"),
]
