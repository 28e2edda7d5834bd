from wagtail.snippets.models import register_snippet

from courses.viewsets import LessonContentViewSetGroup

register_snippet(LessonContentViewSetGroup)
