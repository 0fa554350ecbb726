from django.urls import path

from tinhgon.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bieu-do/<str:code>.png", views.chart, name="chart"),
    path("<str:code>/", views.drill, name="drill"),
]
