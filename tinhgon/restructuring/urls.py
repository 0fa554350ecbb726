from django.urls import path

from tinhgon.restructuring import autonomy_views, project_views, views

app_name = "restructuring"
urlpatterns = [
    path("su-kien/moi/", views.event_new, name="event_new"),
    path("tim-don-vi/", views.unit_search, name="unit_search"),
    path("de-an/", project_views.project_list, name="project_list"),
    path("de-an/moi/", project_views.project_new, name="project_new"),
    path("de-an/moi/su-kien/", project_views.project_event_first, name="project_event_first"),
    path("de-an/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("de-an/<int:pk>/su-kien/", project_views.project_event_add, name="project_event_add"),
    path("de-an/<int:pk>/phu-luc.xlsx", project_views.project_annex, name="project_annex"),
    path(
        "tu-chu/so-lieu/<int:pk>/phe-duyet/",
        autonomy_views.figures_approve,
        name="autonomy_approve",
    ),
]
