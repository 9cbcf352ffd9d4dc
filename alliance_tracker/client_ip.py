"""The client's address, for the API's rate limits and the admin's login lockout alike.

Behind trusted proxies (settings.PROXY_COUNT, from DJANGO_PROXY_COUNT) the peer is the nearest
proxy, and each proxy appends the address it saw to X-Forwarded-For. Only those last entries
were written by our proxies: anything further left is whatever the client chose to send.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    peer = request.META.get("REMOTE_ADDR")
    hops = settings.PROXY_COUNT
    if not hops:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if not forwarded:
        return peer
    candidate = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # The lockout keeps addresses in an address column: text there would fail the login.
        return peer
