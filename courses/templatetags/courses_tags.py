from django import template

from courses.offline import size_label

register = template.Library()


@register.filter
def data_size(size):
    """Bytes as a reader thinks of data: '± 180 KB', '± 2,1 MB'."""
    return size_label(size)
