from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from actors.api.urls import router as actors_router
from events.api.urls import router as events_router
from reports.api.urls import router as reports_router

admin.site.site_header = "Alliance Tracker"
admin.site.site_title = "Alliance Tracker"
admin.site.index_title = "Records and sources"

# One root at /api/v1/ listing every app's endpoints; each app keeps its own router.
api_router = DefaultRouter(use_regex_path=False)
api_router.include_format_suffixes = False
for app_router in (actors_router, events_router, reports_router):
    api_router.registry.extend(app_router.registry)

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's set-up script as a file, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("exports/", include("events.api.exports_urls")),
    path("", include(api_router.urls)),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
]
# The public read-only pages: English at /..., Arabic at /ar/... (the admin and API stay unprefixed).
urlpatterns += i18n_patterns(path("", include("alliance_tracker.public_urls")), prefix_default_language=False)
