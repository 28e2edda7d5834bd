"""Which address the limits count: X-Forwarded-For only from a trusted proxy."""

import pytest

from literacy_site.addresses import client_address


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/16"]


def test_without_trusted_proxies_a_sent_header_changes_nothing(rf, settings):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "198.51.100.7"


def test_a_client_that_bypasses_the_proxy_cannot_choose_its_address(rf, behind_proxy):
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "198.51.100.7"


def test_from_the_trusted_proxy_the_address_it_saw_is_counted(rf, behind_proxy):
    # The client wrote 1.2.3.4 itself; nginx appended the address it really saw.
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )

    assert client_address(request) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_skipped(rf, behind_proxy):
    request = rf.get(
        "/",
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.1.4.4",
    )

    assert client_address(request) == "203.0.113.9"


def test_garbage_in_the_header_counts_the_proxy_that_passed_it(rf, behind_proxy):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-ip")

    assert client_address(request) == "10.0.0.5"


def test_a_trusted_proxy_without_the_header_is_counted_itself(rf, behind_proxy):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5")

    assert client_address(request) == "10.0.0.5"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote_addr", "redirected"), [("198.51.100.7", True), ("10.0.0.5", False)]
)
def test_only_the_trusted_proxy_may_say_the_visitor_came_over_https(
    client, behind_proxy, settings, remote_addr, redirected
):
    """A client past nginx claiming X-Forwarded-Proto: https is still sent to
    HTTPS; from the proxy the same header is believed."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(
        "/robots.txt", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_PROTO="https"
    )

    assert (response.status_code == 301) is redirected
    if not redirected:
        assert response.status_code == 200
