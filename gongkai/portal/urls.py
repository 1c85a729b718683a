from django.urls import include, path

from gongkai.portal import catalogue_views, feeds, foi, gazette, items, policies, views
from gongkai.portal.search import search_page

app_name = "portal"
urlpatterns = [
    path("search/", search_page, name="search"),
    path("", views.home, name="home"),
    path("xxgk/", views.disclosure_index, name="disclosure"),
    path("xxgk/guide/", views.guide, name="guide"),
    path("xxgk/apply/", foi.apply, name="foi_apply"),
    path("xxgk/apply/receipt/<str:code>/", foi.receipt, name="foi_receipt"),
    path("xxgk/apply/track/", foi.track, name="foi_track"),
    path("xxgk/rules/", views.rules, name="rules"),
    path("xxgk/statutory/", views.statutory, name="statutory"),
    path("xxgk/catalogue/<str:level>/", catalogue_views.catalogue, name="catalogue"),
    path("xxgk/catalogue/<str:level>/catalogue.xlsx", catalogue_views.catalogue_xlsx, name="catalogue_xlsx"),
    path("xxgk/statutory/domain/<slug:code>/", items.column_domain, name="column_domain"),
    path("xxgk/statutory/unit/<int:pk>/", items.column_unit, name="column_unit"),
    path("xxgk/statutory/topic/<slug:code>/", items.column_topic, name="column_topic"),
    path("xxgk/plans/", items.plans, name="plans"),
    path("xxgk/items/<int:pk>/", items.item_detail, name="item"),
    path("xxgk/policies/", policies.library, name="policies"),
    path("xxgk/policies/normative/", policies.normative, name="policies_normative"),
    path("xxgk/policies/normative/normative.xlsx", policies.normative_xlsx, name="policies_normative_xlsx"),
    path("xxgk/items/<int:pk>/attachments/<int:attachment_pk>/", items.attachment_download, name="attachment"),
    path("xxgk/annual-reports/", views.annual_reports, name="annual_reports"),
    path("xxgk/gazette/", gazette.archive, name="gazette"),
    path("xxgk/gazette/<int:year>/<int:number>/", gazette.issue, name="gazette_issue"),
    path("feeds/items/rss/", feeds.ItemFeed(), name="feed_items_rss"),
    path("feeds/items/atom/", feeds.ItemAtomFeed(), name="feed_items_atom"),
    path("feeds/units/<int:pk>/rss/", feeds.UnitFeed(), name="feed_unit_rss"),
    path("feeds/units/<int:pk>/atom/", feeds.UnitAtomFeed(), name="feed_unit_atom"),
    path("feeds/domains/<slug:code>/rss/", feeds.DomainFeed(), name="feed_domain_rss"),
    path("feeds/domains/<slug:code>/atom/", feeds.DomainAtomFeed(), name="feed_domain_atom"),
    path("feeds/topics/<slug:code>/rss/", feeds.TopicFeed(), name="feed_topic_rss"),
    path("feeds/topics/<slug:code>/atom/", feeds.TopicAtomFeed(), name="feed_topic_atom"),
    path("units/", views.units, name="units"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("hudong/consultations/", include("gongkai.portal.urls_consultations")),
    path("hudong/inquiries/", include("gongkai.portal.urls_inquiries")),
    path("hudong/answers/", include("gongkai.portal.urls_knowledge")),
]
