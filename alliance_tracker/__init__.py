# Load the Celery app with Django, so that `delay_on_commit` finds it and `shared_task` binds to it.
from alliance_tracker.celery import app as celery_app

__all__ = ("celery_app",)
