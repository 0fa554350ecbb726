from django.urls import path

from tinhgon.workforce import views

app_name = "workforce"
urlpatterns = [
    path("tuan-thu/", views.compliance_list, name="compliance"),
    path("don-vi/<int:pk>/", views.unit_staffing, name="unit"),
    path("don-vi/<int:pk>/xuat/", views.unit_export, name="unit_export"),
    path("nguoi/", views.people_list, name="people"),
    path("nguoi/<int:pk>/", views.person_detail, name="person"),
    path("nguoi/<int:pk>/phan-cong/<int:assignment>/", views.assignment_fix, name="assignment_fix"),
    path("co-cau/", views.structure_report, name="structure"),
    path("chuyen-doi-nd232/", views.migration_report, name="migration"),
    path("nghi-huu/", views.retirement_list, name="retirement"),
    path("thay-doi-bac/", views.level_change_list, name="level_change"),
]
