from django.urls import path

from tinhgon.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/dinh-chinh/", views.correct, name="correct"),
    path("su-kien/", views.events, name="events"),
    path("su-kien/<int:pk>/", views.event, name="event"),
]
