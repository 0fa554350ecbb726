from django.urls import path

from tinhgon.restructuring import views

app_name = "restructuring"
urlpatterns = [
    path("su-kien/moi/", views.event_new, name="event_new"),
    path("tim-don-vi/", views.unit_search, name="unit_search"),
]
