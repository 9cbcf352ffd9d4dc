"""Template helpers of the public pages (templates/public/)."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

from alliance_tracker.citation import citation as cite
from events import public_names
from events.dates import readable_period
from events.public_labels import label as translated_label

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """This page in ``language`` (its query kept), for the language switch."""
    request = context.get("request")
    if request is None:
        with translation.override(language):
            return reverse("public:home")
    url = translate_url(request.path, language)
    if url == request.path and translation.get_language() != language:
        # Not one of the public pages (a 404): the home page in that language.
        with translation.override(language):
            url = reverse("public:home")
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.filter
def label(value):
    """A model's choice label in the interface's language (events.public_labels)."""
    return translated_label(value)


@register.filter
def local_name(record):
    return public_names.local_name(record)


@register.filter
def local_title(record):
    return public_names.local_title(record)


@register.filter
def title_lang(record):
    return public_names.local_title_language(record)


@register.filter
def period(record):
    return readable_period(record)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query with ``changes`` (a value of None or "" removes the key), without page."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("public/_citation.html", takes_context=True)
def citation(context, record, heading=True):
    """The record's reference (``alliance_tracker.citation``) with its copy button
    (public/cite.js); ``heading=False`` in a list, where each row has its own."""
    return {"text": cite(record, context.get("request")), "heading": heading}
