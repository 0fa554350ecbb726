from django.contrib.auth import views as auth_views
from django.urls import path

from tinhgon.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/ma-xac-thuc/", views.login_code, name="login_code"),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
