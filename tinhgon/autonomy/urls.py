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
]
