from django.urls import path

from gongkai.workbench.views import audit, auth, calendar, inbox, people, security, site, units

app_name = "workbench"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("units/", units.unit_list, name="units"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:pk>/", units.unit_edit, name="unit_edit"),
    path("people/", people.people, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/active/", people.person_active, name="person_active"),
    path("memberships/<int:pk>/revoke/", people.membership_revoke, name="membership_revoke"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/year/", calendar.calendar_year, name="calendar_year"),
    path("calendar/override/", calendar.calendar_override, name="calendar_override"),
    path("calendar/override/<int:pk>/remove/", calendar.calendar_override_remove, name="calendar_override_remove"),
    path("site/", site.site_profile, name="site"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("security/", security.security, name="security"),
    path("security/totp/start/", security.totp_start, name="totp_start"),
    path("security/totp/confirm/", security.totp_confirm, name="totp_confirm"),
    path("security/totp/disable/", security.totp_disable, name="totp_disable"),
]
