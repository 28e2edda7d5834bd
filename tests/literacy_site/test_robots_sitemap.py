import re
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db

SITE_URL = "https://literasi.example.go.id"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def robots_rules(text):
    rules = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in {"allow", "disallow"} and value.strip():
            rules.append((field.strip().lower() == "allow", value.strip()))
    return rules


def crawler_may_fetch(rules, path):
    """Google's reading of robots.txt: the longest matching rule wins, Allow on a
    tie; `*` matches anything and a final `$` anchors the end."""
    best = (-1, True)
    for allow, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*")
        if regex.endswith(r"\$"):
            regex = regex[:-2] + "$"
        if re.match(regex, path):
            candidate = (len(pattern), allow)
            if candidate[0] > best[0] or (candidate[0] == best[0] and allow):
                best = candidate
    return best[1]


@override_settings(SITE_URL=SITE_URL)
def test_robots_txt_keeps_private_and_personal_addresses_out_of_search(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    rules = robots_rules(text)
    for path in [
        "/fasilitator/",
        "/fasilitator/lokakarya/3/",
        "/admin/",
        "/admin/login/",
        "/verifikasi/K7QH-M2XP/",
        "/verifikasi/?kode=K7QH-M2XP",
    ]:
        assert not crawler_may_fetch(rules, path), path
    for path in ["/", "/verifikasi/", "/kelas/mulai-whatsapp/", "/lokakarya/"]:
        assert crawler_may_fetch(rules, path), path
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in text.splitlines()


@override_settings(SITE_URL=SITE_URL)
def test_sitemap_lists_live_lessons_and_courses_at_the_public_address(
    client, demo_site
):
    hidden = LessonPage.objects.live().order_by("path").last()
    hidden.unpublish()

    # Reached by another name (an internal address): the sitemap still names
    # the public one.
    response = client.get("/sitemap.xml", HTTP_HOST="10.0.0.5")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert locations, response.content
    assert all(location.startswith(SITE_URL + "/") for location in locations)
    pages = list(LessonPage.objects.live()) + list(CoursePage.objects.live())
    assert len(pages) > 2
    for page in pages:
        assert SITE_URL + page.url in locations
    assert SITE_URL + hidden.url not in locations
