"""One definition of the client's address, shared by the API's rate limits and the login lockout."""

import pytest
from django.test import RequestFactory

from alliance_tracker.client_ip import client_ip


def request_from(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", "203.0.113.5")) == "203.0.113.5"


def test_a_forged_entry_on_the_left_is_ignored(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.1")) == "203.0.113.5"


def test_it_never_counts_more_hops_than_the_header_holds(settings):
    settings.PROXY_COUNT = 3
    assert client_ip(request_from("10.0.0.2", "203.0.113.5, 10.0.0.1")) == "203.0.113.5"


@pytest.mark.parametrize("header", [None, "", " , "])
def test_a_missing_or_empty_header_falls_back_to_the_peer(settings, header):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", header)) == "10.0.0.1"


def test_a_header_entry_that_is_not_an_address_falls_back_to_the_peer(settings):
    # The lockout stores the address in an address column: text there would be a 500.
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, not-an-address")) == "10.0.0.1"


def test_ipv6_addresses_are_written_one_way(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", "2001:DB8:0:0::1")) == "2001:db8::1"
