"""Demo pages for a first look at the site. Loading twice changes nothing."""

from wagtail.models import Page, Site

from courses.models import HomePage

HOME = {
    "title": "Beranda",
    "slug": "beranda",
    "greeting": "Selamat datang, Bapak dan Ibu",
    "intro": (
        "Di sini Bapak dan Ibu belajar memakai ponsel dengan aman: WhatsApp, "
        "Facebook, layanan resmi pemerintah, dan cara mengenali hoaks serta "
        "penipuan. Pelan-pelan saja, langkah demi langkah."
    ),
}


def load_home_page():
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    old_root = site.root_page
    home = HomePage(**HOME)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    site.root_page = home
    site.save()
    # Wagtail's placeholder page has nothing of ours under it.
    if old_root.specific_class is Page and not old_root.get_children().exists():
        old_root.delete()
    return home
