from django.urls import path

from tinhgon.organizations import user_views as views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("them/", views.user_create, name="create"),
    path("<int:pk>/khoa/", views.user_toggle, name="toggle"),
    path("<int:pk>/dat-lai-mat-khau/", views.user_reset, name="reset"),
]
