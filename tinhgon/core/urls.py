from django.urls import path

from tinhgon.core import views

app_name = "core"
urlpatterns = [
    path("quy-tac/", views.rules_index, name="rules"),
    path("quy-tac/<str:name>/", views.rule_calculator, name="rule"),
]
