from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and evidence"

    def ready(self):
        from actors.models import RecordRules
        from events import feed, signals  # noqa: F401  (connects the receivers)
        from events.visibility import public_actor_condition, tied_by_published_ties

        RecordRules.install(public_condition=public_actor_condition, tied_condition=tied_by_published_ties)
