from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap


def site_url():
    # SITE_URL comes with the operations settings; this default matches `make run`.
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


class PublicPagesSitemap(Sitemap):
    """Every live public page (home, course index, courses, lessons).

    Addresses start with SITE_URL, never the host the request came in on, so a
    crawler reaching the server by another name still lists the public address.
    """

    def _urls(self, page, protocol, domain):
        base = site_url()
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            url_parts = item.get_url_parts(self.request)
            if url_parts is None:
                continue
            lastmod = self.lastmod(item)
            urls.append(
                {"item": item, "location": base + url_parts[2], "lastmod": lastmod}
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
