"""Courses and lessons, and the lists lessons draw from.

Each page reads what it shows itself (`get_context`); reads that span pages for
other screens live in `selectors.py`, operations that write in `services.py`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial, reduce
from operator import or_
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from courses.blocks import LessonBodyBlock, ReferenceBlock
from courses.glossary import TermExplainer
from courses.offline import course_offline_context, lessons_listening_and_cost
from courses.pictures import (
    CARD_PICTURE,
    STEP_PICTURE,
    prefetch_renditions,
)
from literacy_site import page_cache
from literacy_site.addresses import page_full_url, whatsapp_link


class TrailMixin:
    """The pages above this one, below the tree's root, top first: the
    breadcrumb. Routing has already loaded them (each page's cached parent), so
    the chain is walked without a query; a page loaded some other way asks once."""

    @property
    def trail(self):
        above, page = [], self
        while page.depth > 2:
            parent = getattr(page, "_cached_parent_obj", None)
            if parent is None:
                return list(self.get_ancestors()[1:])
            above.append(parent)
            page = parent
        return above[::-1]


class FactsCheckedMixin(models.Model):
    """When and by whom a Moderator last checked the facts against their sources.

    Set only by `services.facts_mark_checked`, never by saving or publishing; kept
    as it is when a revision is published (a revision's copy may be older)."""

    facts_checked_at = models.DateTimeField(
        _("facts checked at"), null=True, blank=True, editable=False
    )
    facts_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facts checked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.facts_checked_at = self.facts_checked_at
        obj.facts_checked_by_id = self.facts_checked_by_id
        return obj

    @property
    def facts_checked_on(self):
        """The local day the facts were last checked, or None if never."""
        if self.facts_checked_at is None:
            return None
        return timezone.localdate(self.facts_checked_at)


class HomePage(Page):
    """The root of the public site: a greeting and the ways in."""

    greeting = models.CharField(
        _("greeting"),
        max_length=120,
        help_text=_("A short, warm welcome, for example 'Selamat datang'."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Two or three short sentences on what residents can do here."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("greeting"),
        FieldPanel("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    # Kept whole for anonymous readers (literacy_site/page_cache.py).
    cached_for_anonymous_readers = True

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course_index"] = (
            CourseIndexPage.objects.live().public().child_of(self).first()
        )
        return context


class Pillar(models.TextChoices):
    """The four pillars of Indonesia's national digital literacy framework."""

    CAKAP = "cakap", _("Digital skills")
    AMAN = "aman", _("Digital safety")
    ETIKA = "etika", _("Digital ethics")
    BUDAYA = "budaya", _("Digital culture")


PILLAR_DESCRIPTIONS = {
    Pillar.CAKAP: _("Using the phone and its apps with confidence."),
    Pillar.AMAN: _("Keeping accounts, money and personal data safe."),
    Pillar.ETIKA: _("Being polite and checking news before sharing it."),
    Pillar.BUDAYA: _("Taking part in community life and public services online."),
}


class Level(models.TextChoices):
    BASIC = "dasar", _("Basic")
    FURTHER = "lanjutan", _("Further")


class CourseIndexPage(Page):
    """All courses, grouped by pillar. Lives at /kelas/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    # Kept whole for anonymous readers (literacy_site/page_cache.py).
    cached_for_anonymous_readers = True

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pillar = request.GET.get("pilar", "")
        pillar = pillar if pillar in Pillar.values else ""
        page_number = listing_page_number(request.GET.get("halaman")) if pillar else 1
        # Read only when the template's fragment cache misses.
        context["course_listing"] = partial(
            course_listing, self, pillar=pillar, page_number=page_number
        )
        context["listing_key"] = [page_cache.generation(), pillar, page_number]
        context["page_cache_seconds"] = settings.PAGE_CACHE_SECONDS
        return context

    def route(self, request, path_components):
        return route_to_child(self, CoursePage, request, path_components)


class CoursePage(TrailMixin, Page):
    """A course: what it teaches and its lessons in order."""

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences: what this course is about.")
    )
    pillar = models.CharField(
        _("pillar"), max_length=10, choices=Pillar.choices, default=Pillar.CAKAP
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.BASIC
    )
    outcomes = models.TextField(
        _("what you will be able to do"),
        blank=True,
        help_text=_(
            "One per line, completing 'After this course you will:', for example "
            "'bisa mengirim pesan suara kepada keluarga'."
        ),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("pillar"), FieldPanel("level")], heading=_("Classification")
        ),
        FieldPanel("outcomes"),
        FieldPanel("cover_image"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    # Kept whole for anonymous readers (literacy_site/page_cache.py).
    cached_for_anonymous_readers = True

    class Meta:
        verbose_name = _("course")

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = course_lessons(self)
        context["lessons"] = lessons
        context["total_minutes"] = sum(lesson.minutes for lesson in lessons)
        context["progress_outline"] = progress_outline(self, lessons, request)
        context["open_graph"] = open_graph(self, page_full_url(self))
        with_bodies = LessonPage.objects.filter(pk__in=[each.pk for each in lessons])
        context.update(
            course_offline_context(
                self, lessons, with_bodies=with_bodies, request=request
            )
        )
        return context

    def route(self, request, path_components):
        return route_to_child(self, LessonPage, request, path_components)


class LessonPage(TrailMixin, FactsCheckedMixin, Page):  # noqa: DJ008 (Page's __str__)
    """One lesson: short steps to read, hear, practise and print."""

    summary = models.TextField(
        _("summary"), help_text=_("One sentence: what the learner will do.")
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes to learn"),
        default=10,
        help_text=_("About how long a first-time learner needs, with practice."),
    )
    recording = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("recorded voice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"type": "audio"},
        help_text=_(
            "Optional: a local voice reading the whole lesson. Without one, the "
            "site makes a computer voice for each part."
        ),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("lesson"))
    references = StreamField(
        [("reference", ReferenceBlock())],
        verbose_name=_("references"),
        blank=True,
        help_text=_("The source of every fact a learner acts on."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("minutes"),
        MediaChooserPanel("recording", media_type="audio"),
        FieldPanel("body"),
        FieldPanel("references"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        # The admin's *Fakta* filter (selectors.facts_due) beside a search.
        index.FilterField("facts_checked_at"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    # Kept whole for anonymous readers (literacy_site/page_cache.py).
    cached_for_anonymous_readers = True

    class Meta:
        verbose_name = _("lesson")

    @property
    def published_on(self):
        """The local day the lesson was first published."""
        if self.first_published_at is None:
            return None
        return timezone.localdate(self.first_published_at)

    @property
    def updated_on(self):
        """The local day its current version was published, if later than the first."""
        if self.last_published_at is None:
            return None
        day = timezone.localdate(self.last_published_at)
        return day if day != self.published_on else None

    def get_context(self, request, *args, answer=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_reading_context(self, request=request, answer=answer))
        return context

    def serve(self, request, *args, **kwargs):
        """The lesson; a posted practice answer is shown with its explanation."""
        answer = answer_from(self, request.POST) if request.method == "POST" else None
        return super().serve(request, *args, answer=answer, **kwargs)


# What the pages read to show themselves ------------------------------------------


def route_to_child(page, child_model, request, path_components):
    """Wagtail's Page.route with one query for the child instead of two (its page
    row, then its specific row): `page`'s children are `child_model`s
    (subpage_types). A child of another type still routes as Wagtail routes it."""
    if not path_components:
        return Page.route(page, request, path_components)
    try:
        child = child_model.objects.child_of(page).get(slug=path_components[0])
    except child_model.DoesNotExist:
        return Page.route(page, request, path_components)
    child._cached_parent_obj = page  # as Page.route: get_parent() asks nothing
    return child.route(request, path_components[1:])


@dataclass
class CourseSummary:
    page: CoursePage
    lesson_count: int = 0
    minutes: int = 0
    lesson_ids: list = field(default_factory=list)


# /kelas/ shows each pillar's first courses and links to the rest, listed a
# page at a time: a thousand courses would otherwise be 400 KB of HTML.
COURSES_PER_PILLAR = 6
COURSES_PER_PAGE = 20
LAST_LISTING_PAGE = 1000
# The first and last step a child adds to its parent's path (treebeard's alphabet).
FIRST_CHILD = Page.alphabet[0] * Page.steplen
LAST_CHILD = Page.alphabet[-1] * Page.steplen


@dataclass
class CourseListing:
    groups: list
    pillar: str = ""
    page_obj: object = None

    @property
    def query(self):
        return f"pilar={self.pillar}" if self.pillar else ""


def course_listing(index_page, *, pillar="", page_number=1):
    """The live courses under the index, grouped by pillar in the framework's
    order: each pillar's first COURSES_PER_PILLAR and its total, or, when a
    pillar is chosen, that pillar's courses COURSES_PER_PAGE at a time."""
    live = CoursePage.objects.live().public().child_of(index_page).order_by("path")
    pillar = pillar if pillar in Pillar.values else ""
    page_obj = None
    if pillar:
        page_obj = Paginator(
            live.filter(pillar=pillar).values_list("pk", flat=True), COURSES_PER_PAGE
        ).get_page(page_number)
        shown = {pillar: list(page_obj.object_list)}
        totals = {pillar: page_obj.paginator.count}
    else:
        shown, totals = defaultdict(list), Counter()
        for pk, each in live.values_list("pk", "pillar"):
            totals[each] += 1
            if len(shown[each]) < COURSES_PER_PILLAR:
                shown[each].append(pk)
    summaries = _course_summaries(
        index_page, [pk for pks in shown.values() for pk in pks]
    )
    groups = [
        {
            "value": each.value,
            "label": each.label,
            "description": PILLAR_DESCRIPTIONS[each],
            "courses": [summaries[pk] for pk in shown[each]],
            "count": totals[each],
        }
        for each in Pillar
        if shown.get(each)
    ]
    return CourseListing(groups, pillar, page_obj)


def _course_summaries(index_page, ids):
    """{course pk: CourseSummary} for these courses: their live lessons counted."""
    if not ids:
        return {}
    courses = list(
        CoursePage.objects.filter(pk__in=ids)
        .select_related("cover_image")
        .order_by("path")
    )
    prefetch_renditions([course.cover_image for course in courses], CARD_PICTURE)
    summaries = {course.path: CourseSummary(course) for course in courses}
    lessons = (
        LessonPage.objects.live()
        .public()
        .filter(depth=index_page.depth + 2)
        # Ranges, not LIKE: the database finds each course's lessons by the
        # index on path instead of reading every page.
        .filter(
            reduce(
                or_,
                (
                    Q(path__range=(path + FIRST_CHILD, path + LAST_CHILD))
                    for path in summaries
                ),
            )
        )
        .order_by("path")
        .values_list("path", "minutes", "pk")
    )
    for path, minutes, pk in lessons:
        summary = summaries[path[: -Page.steplen]]
        summary.lesson_count += 1
        summary.minutes += minutes
        summary.lesson_ids.append(pk)
    return {summary.page.pk: summary for summary in summaries.values()}


def listing_page_number(value):
    """A page number from the address (`?halaman=`), kept within what a listing
    can have: odd addresses neither fill the cache with copies of the last page
    nor put a number the database cannot hold into a query."""
    try:
        return min(max(int(value), 1), LAST_LISTING_PAGE)
    except (TypeError, ValueError):
        return 1


def progress_outline(course, lessons, request=None):
    """What the device needs to keep a learner's place in a course: its lessons'
    ids, titles and addresses (rendered into the page; nothing is sent back)."""
    return {
        "id": course.pk,
        "title": course.title,
        "url": course.get_url(request),
        "lessons": [
            {"id": lesson.pk, "title": lesson.title, "url": lesson.get_url(request)}
            for lesson in lessons
        ],
    }


def course_lessons(course):
    """The course's live lessons in the editor's order, without their bodies."""
    return list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .defer_streamfields()
        .order_by("path")
    )


@dataclass
class BodyItem:
    """A lesson block with what the page adds to it: a step number, an answer."""

    block: object
    step_number: int | None = None
    chosen: int | None = None
    unanswered: bool = False
    audio_url: str = ""
    text_html: str | None = None  # its text with glossary terms explained


@dataclass(frozen=True)
class Answer:
    question_id: str
    choice: int | None


def answer_from(lesson, data):
    """The practice answer a learner posted, or None when it names no question."""
    question_id = data.get("question", "")
    for child in lesson.body:
        if child.block_type == "question" and child.id == question_id:
            try:
                choice = int(data.get("choice", ""))
            except ValueError:
                return Answer(question_id, None)
            if 0 <= choice < len(child.value["choices"]):
                return Answer(question_id, choice)
            return Answer(question_id, None)
    return None


def body_items(lesson, answer=None):
    """The lesson's blocks in order, steps numbered 1, 2, 3… across the lesson,
    each glossary term explained where the lesson first uses it."""
    items = []
    step_number = 0
    explainer = TermExplainer(live_glossary_terms())
    for child in lesson.body:
        item = BodyItem(
            child, text_html=child.block.text_with_terms(child.value, explainer)
        )
        if child.block_type == "step":
            step_number += 1
            item.step_number = step_number
        elif answer is not None and child.id == answer.question_id:
            item.chosen = answer.choice
            item.unanswered = answer.choice is None
        items.append(item)
    prefetch_renditions(
        [item.block.value["image"] for item in items if item.step_number],
        STEP_PICTURE,
    )
    return items


def lesson_reading_context(lesson, *, request=None, answer=None):
    """Everything the lesson page shows around the lesson itself."""
    course = lesson.get_parent()
    siblings = list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .defer_streamfields()
        .order_by("path")
    )
    ids = [sibling.pk for sibling in siblings]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    previous_lesson = next_lesson = None
    if position:
        if position > 1:
            previous_lesson = siblings[position - 2]
        if position < len(siblings):
            next_lesson = siblings[position]
    listening, data_cost = lessons_listening_and_cost([lesson])[lesson.pk]
    items = body_items(lesson, answer)
    for item in items:
        if item.step_number:
            item.audio_url = listening.url_for(item.block.id)
    full_url = page_full_url(lesson)
    return {
        "course": course,
        "position": position,
        "lesson_count": len(siblings),
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "body_items": items,
        "listening": listening,
        "data_cost": data_cost,
        "progress_outline": progress_outline(course, siblings, request),
        "answer": answer,
        "full_url": full_url,
        "share_url": "https://wa.me/?text="
        + quote(share_message(lesson, full_url), safe=""),
        "open_graph": open_graph(lesson, full_url),
        "handout_url": lesson.get_url(request) + "cetak/",
    }


SHARE_POINTS = 3
SHARE_POINT_LENGTH = 200


def _one_line(text, limit=SHARE_POINT_LENGTH):
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def share_points(lesson):
    """The three things to pass on: the lesson's warnings first, then its first
    steps, each on one line."""
    warnings, steps = [], []
    step_number = 0
    for child in lesson.body:
        if child.block_type == "warning":
            warnings.append("⚠️ " + _one_line(child.value["text"]))
        elif child.block_type == "step":
            step_number += 1
            steps.append(f"{step_number}. " + _one_line(child.value["text"]))
    return (warnings + steps)[:SHARE_POINTS]


def share_message(lesson, full_url):
    """A WhatsApp message that helps even if its link is never opened: the title
    in bold, the key warnings or steps, then the lesson's public address."""
    title = " ".join(lesson.title.replace("*", "").split())
    lines = [f"*{title}*", _one_line(lesson.summary), ""]
    lines += share_points(lesson)
    lines += ["", gettext("Read the whole lesson:") + " " + full_url]
    return "\n".join(lines)


def open_graph(page, full_url):
    """Link-preview facts for chat apps: title, one sentence, a picture."""
    return {
        "title": page.title,
        "description": _one_line(page.summary, 300),
        "url": full_url,
        "image": full_url + "pratinjau/",
    }


class ChannelPlatform(models.TextChoices):
    WEBSITE = "website", _("Website")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    X = "x", _("X (Twitter)")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class ChannelPurpose(models.TextChoices):
    """What a resident goes to the channel for; /saluran-resmi/ groups by it."""

    REPORT_SCAM = "lapor-penipuan", _("Report a scam")
    CHECK_NUMBER = "cek-nomor", _("Check a number or account")
    CHECK_HOAX = "cek-hoaks", _("Check a hoax")
    EMERGENCY = "darurat", _("Emergencies")
    REGENCY = "kabupaten", _("The regency's own")


class OfficialChannel(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    FactsCheckedMixin,
    index.Indexed,
    models.Model,
):
    """A real office's website, number or account, and how to tell it from fakes.

    Changes go through the moderation workflow: the row is the live version, an
    Editor's change waits in a revision until a Moderator approves it."""

    platform = models.CharField(
        _("platform"), max_length=20, choices=ChannelPlatform.choices
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=20,
        choices=ChannelPurpose.choices,
        default=ChannelPurpose.REPORT_SCAM,
        help_text=_("Where the channel is listed on the public page."),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(
        _("handle or address"),
        max_length=300,
        help_text=_("For example lapor.go.id, @kuburayakab or 0811-9224-545."),
    )
    how_to_recognise = models.TextField(
        _("how to recognise the real one"),
        help_text=_("What a resident can check to be sure this is not a fake."),
    )

    panels = [
        FieldPanel("platform"),
        FieldPanel("purpose"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("how_to_recognise"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("address"),
        # The admin's listing searches these as typed: a number finds its channel.
        index.AutocompleteField("name"),
        index.AutocompleteField("address"),
        index.FilterField("live"),
        index.FilterField("facts_checked_at"),
    ]

    class Meta:
        verbose_name = _("official channel")
        verbose_name_plural = _("official channels")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.address})"

    @property
    def href(self):
        """A link that opens the channel, or an empty string when none is safe."""
        digits = "".join(ch for ch in self.address if ch.isdigit())
        if self.platform == ChannelPlatform.WEBSITE:
            address = self.address.strip()
            if address.startswith(("http://", "https://")):
                return address
            return f"https://{address}"
        if self.platform == ChannelPlatform.WHATSAPP and digits:
            return whatsapp_link(self.address)
        if self.platform == ChannelPlatform.PHONE and digits:
            return f"tel:{digits}"
        if self.platform == ChannelPlatform.SMS and digits:
            return f"sms:{digits}"
        if self.platform == ChannelPlatform.EMAIL:
            return f"mailto:{self.address.strip()}"
        return ""


class GlossaryTerm(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A difficult word and its plain explanation, moderated like channels."""

    term = models.CharField(_("term"), max_length=120, unique=True)
    explanation = models.TextField(
        _("plain explanation"),
        help_text=_("Two short sentences a first-time phone user understands."),
    )

    panels = [FieldPanel("term"), FieldPanel("explanation")]
    search_fields = [
        index.SearchField("term"),
        index.SearchField("explanation"),
        index.AutocompleteField("term"),
        index.AutocompleteField("explanation"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term


class SearchSynonym(models.Model):
    """Words residents type for the same thing: spellings, short forms, English."""

    term = models.CharField(
        _("word used in the lessons"),
        max_length=100,
        unique=True,
        help_text=_("For example WhatsApp, hoaks or panggilan video."),
    )
    variants = models.TextField(
        _("other ways of writing it"),
        help_text=_(
            "Separated by commas, for example: WA, watsap, wasap. A search for any "
            "of them also finds the word above, and the other way round."
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("variants")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    @property
    def variant_list(self):
        return [part.strip() for part in self.variants.split(",") if part.strip()]


class SearchKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    COURSE = "course", _("Course")
    GLOSSARY = "glossary", _("Glossary term")
    CHANNEL = "channel", _("Official channel")


class SearchEntry(models.Model):
    """One live item in the site's own search index (see courses/search.py)."""

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.PositiveIntegerField()
    # Pages are filtered on live and view restrictions when searched, and a
    # deleted page takes its entry with it.
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchTerm(models.Model):
    """A stemmed word of an entry, with how much it says about the entry."""

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField(max_length=60)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "entry"], name="search_term_unique_per_entry"
            )
        ]
        # A search reads a stem's rows from this index alone, never the table:
        # at 5,000 lessons a common word has 6,000 rows spread over all of it.
        indexes = [
            models.Index(fields=["term", "entry", "weight"], name="search_term_ranking")
        ]

    def __str__(self):
        return self.term


class SearchWord(models.Model):
    """A word as written in indexed text, for "Mungkin maksud Anda …"."""

    word = models.CharField(max_length=60, unique=True)
    stem = models.CharField(max_length=60)

    def __str__(self):
        return self.word


class SearchOutcome(models.Model):
    """How many results a recorded search found the last time someone made it."""

    query = models.OneToOneField(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    results = models.PositiveIntegerField(_("results"))
    searched_at = models.DateTimeField(_("last searched"))

    def __str__(self):
        return f"{self.query}: {self.results}"


def live_glossary_terms():
    """The glossary as readers see it: approved terms only."""
    return GlossaryTerm.objects.filter(live=True).order_by("term")
