from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from literacy_site.addresses import absolute_url


class PublicPagesSitemap(Sitemap):
    """Every live public page (home, course index, courses, lessons).

    Addresses start with SITE_URL, never the host the request came in on, so a
    crawler reaching the server by another name still lists the public address.
    """

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            url_parts = item.get_url_parts(self.request)
            if url_parts is None:
                continue
            urls.append(
                {
                    "item": item,
                    "location": absolute_url(url_parts[2]),
                    "lastmod": self.lastmod(item),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class PublicAddressesSitemap(DjangoSitemap):
    """Public pages outside the page tree, such as the programme's results."""

    changefreq = "daily"

    def items(self):
        return ["capaian", "glossary"]

    def location(self, item):
        return reverse(item)

    def _urls(self, page, protocol, domain):
        return [
            {
                "item": item,
                "location": absolute_url(self.location(item)),
                "lastmod": None,
                "changefreq": self.changefreq,
                "priority": None,
                "alternates": [],
            }
            for item in self.paginator.page(page).object_list
        ]
