from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tinhgon.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("tai-khoan/", include("tinhgon.accounts.urls")),
    path("don-vi/", include("tinhgon.organizations.urls")),
    path("sap-xep/", include("tinhgon.restructuring.urls")),
    path("cong-cu/", include("tinhgon.core.urls")),
    path("nhap-excel/", include("tinhgon.restructuring.import_urls")),
    path("viec/", include("tinhgon.core.job_urls")),
    path("api/v1/", include("tinhgon.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("quan-tri/", admin.site.urls),
]
