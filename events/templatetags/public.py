"""Template helpers of the public pages (templates/public/)."""

from django import template
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """This page in ``language`` (its query kept), for the language switch."""
    request = context.get("request")
    if request is None:
        return "/" if language == "en" else f"/{language}/"
    url = translate_url(request.path, language)
    if url == request.path and translation.get_language() != language:
        # Not a page of the public URLs (a 404): the home page in that language.
        with translation.override(language):
            from django.urls import reverse

            url = reverse("public:home")
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url
