from django.urls import include, path, re_path
from django.utils.translation import gettext_noop as N_
from django.views import defaults

from gongkai import unavailable
from gongkai.api import errors as api_errors
from gongkai.api.api import api
from gongkai.ops.views import healthz
from gongkai.portal import sitemaps
from gongkai.portal import views as portal_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    # Every other path under /api/ (any version, any method) answers JSON, never a portal page.
    re_path(r"^api(?:/(?P<rest>.*))?$", api_errors.not_found),
    # A sitemap index naming each section's pages of ItemSitemap.limit URLs (sitemap-items.xml?p=2
    # …): one request's work stays bounded whatever the number of documents (issue 18). Per site
    # (the request's host): its columns and the items they show (issue 19).
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap_section"),
    path("workbench/", include("gongkai.workbench.urls")),
    path("", include("gongkai.portal.urls")),
]

handler400 = api_errors.json_under_api(400, N_("请求无效"))(defaults.bad_request)
handler404 = "gongkai.portal.views.not_found"
# A database that does not answer (a PostgreSQL restart) is a 503 with Retry-After, wherever it
# failed (view, middleware, template); every other exception stays the 500 (gongkai/unavailable.py).
handler500 = unavailable.or_500(
    api_errors.json_under_api(500, N_("服务器内部错误，请稍后重试"))(portal_views.server_error)
)
