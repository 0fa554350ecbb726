from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tinhgon.organizations import views as registry_views

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("tai-khoan/", include("tinhgon.accounts.urls")),
    path("tai-khoan/nguoi-dung/", include("tinhgon.organizations.user_urls")),
    path("cong-cu/nhat-ky/", registry_views.audit_list, name="audit"),
    path("cong-cu/nhat-ky/xuat/", registry_views.audit_export, name="audit_export"),
    path("don-vi/", include("tinhgon.organizations.urls")),
    path("bien-che/", include("tinhgon.staffing.urls")),
    path("chi-tieu/", include("tinhgon.indicators.urls")),
    path("sap-xep/", include("tinhgon.restructuring.urls")),
    path("tu-chu/", include("tinhgon.autonomy.urls")),
    path("ke-hoach/", include("tinhgon.plans.urls")),
    path("tinh-gian/", include("tinhgon.streamlining.urls")),
    path("doi-ngu/", include("tinhgon.workforce.urls")),
    path("bao-cao/", include("tinhgon.reports.urls")),
    path("cong-cu/", include("tinhgon.core.urls")),
    path("nhap-excel/", include("tinhgon.restructuring.import_urls")),
    path("viec/", include("tinhgon.core.job_urls")),
    path("ky-so/", include("tinhgon.signatures.urls")),
    path("api/v1/", include("tinhgon.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles from its (self-hosted) script: allowed on this page only, and
    # still no inline script (docs/security.md).
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    # The admin logs in through TinhGon's own login (throttled, with the two-factor step).
    path(
        "quan-tri/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("quan-tri/", admin.site.urls),
]
