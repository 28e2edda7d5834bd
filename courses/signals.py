from courses.services import page_renditions_create


def make_renditions_on_publish(sender, instance, **kwargs):
    # A signal, not an admin hook: scheduled publishing and load_demo publish too.
    page_renditions_create(page=instance)
