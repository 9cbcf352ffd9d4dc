"""The public pages of actors: one actor, and two actors side by side (a pair)."""

from django.http import Http404


def actor_detail(request, slug):
    raise Http404


def pair_detail(request, first, second):
    raise Http404
