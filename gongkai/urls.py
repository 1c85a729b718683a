from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gongkai.api import errors as api_errors
from gongkai.api.api import api
from gongkai.ops.views import healthz
from gongkai.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_errors.not_found),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("workbench/", include("gongkai.workbench.urls")),
    # django-simple-captcha reverses its URL names without a namespace ("captcha-image"), so it
    # cannot sit inside the portal's namespaced URLconf: the CAPTCHA images of public forms.
    path("captcha/", include("captcha.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
