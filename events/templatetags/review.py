"""The review queue on the admin's index page: how many changes wait, and where to find them."""

from django import template
from django.urls import reverse

from events.choices import RevisionStatus
from events.models import Event, Revision, Tie
from events.services import can_publish

register = template.Library()


@register.inclusion_tag("admin/events/review_queue.html", takes_context=True)
def review_queue(context):
    user = context["request"].user
    pending = Revision.objects.pending()
    queues = []
    for model in (Event, Tie):
        name = model._meta.model_name
        count = pending.filter(**{f"{name}__isnull": False}).count()
        if count:
            url = reverse(f"admin:events_{name}_changelist") + "?pending_change=yes"
            queues.append({"label": model._meta.verbose_name_plural, "count": count, "url": url})
    reviewer = any(can_publish(user, model()) for model in (Event, Tie))
    return {
        "reviewer": reviewer,
        "queues": queues,
        "total": sum(queue["count"] for queue in queues),
        "mine_pending": pending.filter(contributors=user).count(),
        "mine_sent_back": Revision.objects.filter(author=user, status=RevisionStatus.SENT_BACK).order_by(
            "-reviewed_at"
        )[:5],
    }
