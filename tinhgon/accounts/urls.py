from django.contrib.auth import views as auth_views
from django.urls import path

from tinhgon.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nguoi-dung/", views.user_list, name="users"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_toggle, name="user_toggle"),
    path("nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.user_reset, name="user_reset"),
]
