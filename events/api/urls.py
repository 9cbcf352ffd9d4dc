from rest_framework.routers import SimpleRouter

from events.api import views

router = SimpleRouter()
router.register("places", views.PlaceViewSet, basename="place")
router.register("sources", views.SourceViewSet, basename="source")
router.register("events", views.EventViewSet, basename="event")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("deployments", views.DeploymentViewSet, basename="deployment")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("operations", views.OperationViewSet, basename="operation")
router.register("transfers", views.TransferViewSet, basename="transfer")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("ties", views.TieViewSet, basename="tie")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("withdrawn", views.WithdrawnViewSet, basename="withdrawn")

urlpatterns = router.urls
