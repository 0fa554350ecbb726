from django.urls import path

from tinhgon.autonomy import views

app_name = "autonomy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("don-vi/<int:pk>/so-lieu/moi/", views.figures_new, name="figures_new"),
    path("so-lieu/<int:pk>/sua/", views.figures_edit, name="figures_edit"),
    path("so-lieu/<int:pk>/gui/", views.figures_submit, name="figures_submit"),
    path("so-lieu/<int:pk>/tra-lai/", views.figures_return, name="figures_return"),
    path("so-lieu/<int:pk>/mo-lai/", views.figures_reopen, name="figures_reopen"),
    path("de-xuat/<int:pk>/chap-nhan/", views.proposal_accept, name="proposal_accept"),
    path("de-xuat/<int:pk>/khong-chap-nhan/", views.proposal_decline, name="proposal_decline"),
    path("don-vi/<int:pk>/phuong-an/moi/", views.plan_new, name="plan_new"),
    path("phuong-an/<int:pk>/quyet-dinh/", views.plan_decide, name="plan_decide"),
    path("don-vi/<int:pk>/lo-trinh/moi/", views.roadmap_new, name="roadmap_new"),
    path("don-vi/<int:pk>/dich-vu-cong/moi/", views.public_service_new, name="public_service_new"),
]
