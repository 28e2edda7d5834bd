import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as course_views
from literacy_site import health, views
from literacy_site.sitemaps import PublicAddressesSitemap, PublicPagesSitemap
from workshops import report_views
from workshops import views as workshop_views

# Uncaught exceptions: a database or disk outage answers 503, the rest 500.
handler500 = "literacy_site.views.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PublicPagesSitemap, "other": PublicAddressesSitemap}},
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("tampilan/", views.reading_preferences, name="reading_preferences"),
    path("bahasa/", set_language, name="set_language"),
    path("cari/", course_views.search, name="search"),
    path("saluran-resmi/", course_views.official_channels, name="official_channels"),
    path(
        "saluran-resmi/kartu-<str:size>.pdf",
        course_views.official_channels_card,
        name="official_channels_card",
    ),
    path("sw.js", course_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", course_views.web_app_manifest, name="manifest"),
    path("tanpa-sinyal/", course_views.offline, name="offline"),
    path("kamus/", course_views.glossary, name="glossary"),
    path("fasilitator/", include("workshops.urls")),
    path("fasilitator/lokakarya/", include("certificates.facilitator_urls")),
    path("lokakarya/", workshop_views.public_workshops, name="public_workshops"),
    path("verifikasi/", include("certificates.urls")),
    path("capaian/", report_views.capaian, name="capaian"),
    path("", include("cards.urls")),
    path("fasilitator/laporan/", include("workshops.report_urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA_FILES:
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page tree answers every address not matched above, so it goes last;
# first the print version of its lessons and courses.
urlpatterns += [
    path("<path:page_path>/cetak/", course_views.handout, name="handout"),
    path(
        "<path:page_path>/pratinjau/", course_views.preview_image, name="preview_image"
    ),
    path("<path:page_path>/cetak/<slug:version>/", course_views.handout),
    path("", include(wagtail_urls)),
]
