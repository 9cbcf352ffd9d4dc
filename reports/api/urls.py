from rest_framework.routers import SimpleRouter

from reports.api.views import ReportViewSet, SnapshotViewSet

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("snapshots", SnapshotViewSet, basename="snapshot")

urlpatterns = router.urls
