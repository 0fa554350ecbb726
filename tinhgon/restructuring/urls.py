from django.urls import path

from tinhgon.restructuring import autonomy_views, views

app_name = "restructuring"
urlpatterns = [
    path("su-kien/moi/", views.event_new, name="event_new"),
    path("tim-don-vi/", views.unit_search, name="unit_search"),
    path(
        "tu-chu/so-lieu/<int:pk>/phe-duyet/",
        autonomy_views.figures_approve,
        name="autonomy_approve",
    ),
]
