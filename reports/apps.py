from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and checks"

    def ready(self):
        # Offer the export actions on every changelist that has an API list. They are added
        # from here so that actors and events need not know about reports (which depend on them).
        from django.contrib import admin
        from django.contrib.admin.exceptions import NotRegistered

        from reports.admin_actions import (
            ENDPOINT_FOR_MODEL,
            export_filtered_list_as_report,
            export_selection_as_report,
        )

        for label in ENDPOINT_FOR_MODEL:
            try:
                model_admin = admin.site.get_model_admin(self.apps.get_model(label))
            except NotRegistered:
                continue
            model_admin.actions = [
                *(model_admin.actions or ()),
                export_selection_as_report,
                export_filtered_list_as_report,
            ]
