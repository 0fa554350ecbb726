from django.urls import path

from tinhgon.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("viec-cua-toi/", views.my_work, name="my_work"),
    path("qua-han/", views.overdue, name="overdue"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/dieu-kien/", views.record_condition, name="record_condition"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report"),
    path("tep/<int:pk>/", views.evidence_download, name="evidence"),
    path("cho-duyet/", views.approval_queue, name="approvals"),
    path("giao-lai/", views.reassignment_queue, name="queue"),
    path("nhap-van-ban/", views.import_text, name="import_text"),
    path("nhap-van-ban/xem-lai/", views.import_review, name="import_review"),
]
