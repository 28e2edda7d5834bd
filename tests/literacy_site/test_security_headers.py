"""Response headers scored by the Mozilla HTTP Observatory's rules.

The rules below are the Observatory's published scoring
(developer.mozilla.org/en-US/observatory/docs/tests_and_scoring), for the tests a
single response can show. Every site starts at 100:

| test | result | score |
| --- | --- | --- |
| Content-Security-Policy | missing | -25 |
| | scripts allow 'unsafe-inline', data:, http:, https: or * | -20 |
| | scripts allow 'unsafe-eval' | -10 |
| | default-src 'none' and nothing unsafe anywhere | +10 |
| | otherwise | 0 |
| Cookies | none set | 0 |
| | a session cookie without Secure | -40 |
| | a session cookie without HttpOnly | -30 |
| | an anti-CSRF cookie without SameSite | -20 |
| | a cookie without Secure, no HSTS / with HSTS | -20 / -5 |
| | all Secure, session cookies HttpOnly, all SameSite | +5 |
| Strict-Transport-Security | missing | -20 |
| | max-age under six months | -10 |
| | six months or more | 0 (preloading, +5, needs the browsers' list) |
| Redirection | plain HTTP answered without going to HTTPS | -20 |
| | to HTTPS on the same host | 0 |
| Referrer-Policy | no-referrer, same-origin, strict-origin(-when-cross-origin) | +5 |
| | missing | 0 |
| | unsafe-url, origin, no-referrer-when-downgrade... | -5 |
| Subresource Integrity | scripts only from our own origin | 0 |
| | another host's script over https without integrity / over http | -5 / -50 |
| X-Content-Type-Options | nosniff | 0 |
| | missing | -5 |
| X-Frame-Options | frame-ancestors in the CSP | +5 |
| | X-Frame-Options DENY or SAMEORIGIN | 0 |
| | neither | -20 |
| Cross-Origin-Resource-Policy | missing, same-origin or same-site | 0 |
| | invalid | -5 |

Bonuses count only when the score without them is 90 or more. The Observatory
does not score Cross-Origin-Opener-Policy; it is asserted on its own below.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.certificates.conftest import issued_certificate  # noqa: F401
from tests.courses.factories import LessonPageFactory

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "literasi.example.go.id"

# The settings production.py sets only when SITE_URL is https://.
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
]
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def production_settings(site_url, tmp_path):
    """The HTTPS settings as production.py computes them, read in a fresh process."""
    dump = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{k: getattr(settings, k) for k in {HTTPS_SETTINGS!r}}}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SITE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="literacy_site.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS=HOST,
        SITE_URL=site_url,
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "-c", dump],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def https_settings(tmp_path_factory):
    return production_settings(f"https://{HOST}", tmp_path_factory.mktemp("prod"))


@pytest.fixture
def as_in_production(settings, https_settings):
    for name, value in https_settings.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [HOST]


def directives(policy):
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = [word.lower() for word in words[1:]]
    return parsed


def score_csp(headers):
    policy = headers.get("Content-Security-Policy")
    if not policy:
        return -25, 0
    csp = directives(policy)
    scripts = csp.get("script-src", csp.get("default-src", ["*"]))
    allows_any_nonce_or_hash = any(
        source.startswith(("'nonce-", "'sha")) for source in scripts
    )
    unsafe_script_sources = {"data:", "http:", "https:", "*"}
    if not allows_any_nonce_or_hash:
        unsafe_script_sources.add("'unsafe-inline'")
    if unsafe_script_sources & set(scripts):
        return -20, 0
    if "'unsafe-eval'" in scripts:
        return -10, 0
    everything = {source for sources in csp.values() for source in sources}
    if csp.get("default-src") == ["'none'"] and not any(
        source.startswith("'unsafe-") for source in everything
    ):
        return 0, 10
    return 0, 0


def score_cookies(response, hsts):
    cookies = list(response.cookies.values())
    if not cookies:
        return 0, 0
    penalty = 0
    for cookie in cookies:
        is_session = "session" in cookie.key.lower()
        is_csrf = "csrf" in cookie.key.lower()
        if is_session and not cookie["secure"]:
            penalty = min(penalty, -40)
        elif is_session and not cookie["httponly"]:
            penalty = min(penalty, -30)
        elif is_csrf and not cookie["samesite"]:
            penalty = min(penalty, -20)
        elif not cookie["secure"]:
            penalty = min(penalty, -5 if hsts else -20)
    if penalty:
        return penalty, 0
    all_good = all(
        cookie["secure"]
        and cookie["samesite"]
        and (cookie["httponly"] or "session" not in cookie.key.lower())
        for cookie in cookies
    )
    return 0, 5 if all_good else 0


def score_hsts(headers):
    value = headers.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", value)
    if not match:
        return -20
    return 0 if int(match.group(1)) >= 15_768_000 else -10


def score_redirection(plain_response):
    location = plain_response.headers.get("Location", "")
    if plain_response.status_code in (301, 302, 307, 308) and location.startswith(
        f"https://{HOST}/"
    ):
        return 0
    return -20


def score_referrer(headers):
    value = headers.get("Referrer-Policy")
    if value is None:
        return 0, 0
    policies = {item.strip().lower() for item in value.split(",")}
    if policies <= PRIVATE_REFERRER_POLICIES:
        return 0, 5
    return -5, 0


def score_sri(html):
    penalty = 0
    for tag in re.findall(r"<script[^>]*\ssrc=[\"']([^\"']+)[\"'][^>]*>", html):
        if tag.startswith("http://"):
            penalty = min(penalty, -50)
        elif tag.startswith(("https://", "//")) and HOST not in tag:
            penalty = min(penalty, -5)
    return penalty


def score_frames(headers):
    csp = directives(headers.get("Content-Security-Policy", ""))
    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        return 0, 5
    if headers.get("X-Frame-Options", "").upper() in {"DENY", "SAMEORIGIN"}:
        return 0, 0
    return -20, 0


def score_corp(headers):
    value = headers.get("Cross-Origin-Resource-Policy")
    if value is None or value in {"same-origin", "same-site", "cross-origin"}:
        return 0
    return -5


def observatory_score(path):
    """Score what a browser gets at `path` over HTTPS (and over plain HTTP)."""
    secure = Client(HTTP_HOST=HOST).get(path, secure=True)
    plain = Client(HTTP_HOST=HOST).get(path, secure=False)
    assert secure.status_code == 200, (path, secure.status_code)
    headers = secure.headers
    hsts = score_hsts(headers)
    parts = {
        "csp": score_csp(headers),
        "cookies": score_cookies(secure, hsts == 0),
        "hsts": (hsts, 0),
        "redirection": (score_redirection(plain), 0),
        "referrer": score_referrer(headers),
        "sri": (score_sri(secure.content.decode()), 0),
        "x-content-type-options": (
            0 if headers.get("X-Content-Type-Options") == "nosniff" else -5,
            0,
        ),
        "frames": score_frames(headers),
        "corp": (score_corp(headers), 0),
    }
    score = 100 + sum(penalty for penalty, _bonus in parts.values())
    if score >= 90:
        score += sum(bonus for _penalty, bonus in parts.values())
    return score, parts


@pytest.fixture
def pages(issued_certificate):  # noqa: F811
    lesson = LessonPageFactory()
    return {
        "home": "/",
        "lesson": lesson.url,
        "facilitator sign-in": "/fasilitator/masuk/",
        "verification": issued_certificate.get_absolute_url(),
    }


@pytest.mark.parametrize(
    "page", ["home", "lesson", "facilitator sign-in", "verification"]
)
def test_each_page_scores_at_least_100_on_the_observatory_rules(
    page, pages, as_in_production
):
    score, parts = observatory_score(pages[page])

    assert score >= 100, parts


def test_the_sign_in_page_sets_host_only_secure_cookies(pages, as_in_production):
    response = Client(HTTP_HOST=HOST).get("/fasilitator/masuk/", secure=True)

    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert csrf["path"] == "/" and not csrf["domain"]


def test_public_pages_allow_no_inline_script_and_no_other_host(pages):
    for path in pages.values():
        response = Client().get(path)
        csp = directives(response.headers["Content-Security-Policy"])

        assert csp["default-src"] == ["'none'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert not re.search(r"https?:|\*", response.headers["Content-Security-Policy"])
        assert "<script>" not in response.content.decode()
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_the_admin_has_its_own_policy_still_closed_to_other_hosts(login_as):
    response = login_as("Administrator").get("/admin/")
    csp = directives(response.headers["Content-Security-Policy"])

    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert not re.search(r"https?:|\*", response.headers["Content-Security-Policy"])


def test_over_plain_http_the_https_only_settings_stay_off(tmp_path):
    """`make run` serves http://127.0.0.1: Secure cookies would never come back."""
    values = production_settings("http://127.0.0.1:8000", tmp_path)

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SESSION_COOKIE_NAME"] == "sessionid"


def test_the_admin_shows_no_avatars_from_the_internet(login_as):
    html = login_as("Administrator").get("/admin/").content.decode()

    assert "gravatar" not in html.lower()


def test_a_pdf_is_sent_without_a_policy_that_would_block_the_pdf_viewer(
    issued_certificate,  # noqa: F811
):
    response = Client().get(
        f"/verifikasi/{issued_certificate.display_code}/sertifikat.pdf"
    )

    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
