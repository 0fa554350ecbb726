from django.urls import path

from tinhgon.streamlining import views

app_name = "streamlining"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/moi/", views.period_new, name="period_new"),
    path("dot/<int:pk>/", views.period_detail, name="period"),
    path("dot/<int:pk>/xuat/", views.period_export, name="period_export"),
    path("tinh-thu/", views.calculator, name="calculator"),
    path("nguoi/", views.people, name="people"),
    path("nguoi/<int:pk>/", views.person, name="person"),
    path("nguoi/<int:pk>/ho-so-moi/", views.case_new, name="case_new"),
    path("ho-so/<int:pk>/", views.case_detail, name="case"),
    path("ho-so/<int:pk>/sua/", views.case_edit, name="case_edit"),
    path("ho-so/<int:pk>/gui/", views.case_submit, name="case_submit"),
    path("ho-so/<int:pk>/tinh-lai/", views.case_recompute, name="case_recompute"),
    path("ho-so/<int:pk>/phe-duyet/", views.case_approve, name="case_approve"),
    path("ho-so/<int:pk>/tra-lai/", views.case_return, name="case_return"),
    path("ho-so/<int:pk>/chi-tra/", views.case_pay, name="case_pay"),
    path("cho-duyet/", views.queue, name="queue"),
]
