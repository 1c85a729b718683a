from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.disclosure_index, name="disclosure"),
    path("xxgk/guide/", views.guide, name="guide"),
    path("xxgk/rules/", views.rules, name="rules"),
    path("xxgk/statutory/", views.statutory, name="statutory"),
    path("xxgk/annual-reports/", views.annual_reports, name="annual_reports"),
    path("units/", views.units, name="units"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
