"""The Celery application: reports, link checks and snapshots run here.

Start a worker and beat in production (see the README):

    celery -A alliance_tracker worker --loglevel=INFO
    celery -A alliance_tracker beat --loglevel=INFO

Without ``CELERY_BROKER_URL`` tasks run eagerly inside the web process (settings.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_tracker.settings")

app = Celery("alliance_tracker")
# Every CELERY_* setting in settings.py configures the app (CELERY_BROKER_URL → broker_url).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
