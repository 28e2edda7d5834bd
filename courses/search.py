"""The site's search: Indonesian word forms, the spellings residents type, and
lessons, courses, glossary terms and official channels in one ranked list.

Why our own index rather than Wagtail's database backend: that backend orders by
relevance with a correlated subquery per matching row, so a common word costs
seconds at regency scale, and on SQLite it knows no Indonesian affixes. Here
every live item is one `SearchEntry` with a `SearchTerm` row per stem
(PySastrawi: penipu, penipuan, menipu, tertipu -> tipu) carrying a weight worked
out when the item is published (title above summary above body, repeated words
counting less and less). A search stems the words typed, widens each with the
editors' synonyms, and runs one query over the index rows of those stems only
(see `rank`): summed weight x idf, items holding every word first, counted,
ordered and sliced in SQL. The number of queries is fixed; the work grows with
the index rows of the words typed, read from one covering index.
"""

import difflib
import logging
import math
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache, reduce

from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.db.models.functions import Length
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from courses.models import (
    CoursePage,
    GlossaryTerm,
    LessonPage,
    OfficialChannel,
    SearchEntry,
    SearchKind,
    SearchOutcome,
    SearchSynonym,
    SearchTerm,
    SearchWord,
    listing_page_number,
)
from courses.selectors import parent_path

logger = logging.getLogger(__name__)

WORD = re.compile(r"[^\W_]+")
LONGEST_WORD = 40
# Words typed: more than this are ignored (a question pasted whole).
MOST_WORDS = 8

# Words that say nothing about what is wanted. Kept short on purpose: every
# word in a search must be found, so a word here is one a resident adds to a
# question ("cara kirim pesan", "apa itu otp") rather than one a lesson is about.
STOPWORDS = frozenset(
    """
    ada adalah agar akan aku anda apa apakah atau bagaimana bagi bapak begitu
    belum bisakah bila buat cara caranya dan dari dengan di dia gimana hal ibu
    ini itu jika juga ka kah kalau kami kan karena ke kita kok lah mau mereka
    nya oleh pada para saja saya sih supaya tentang tolong untuk ya yang
    """.split()
)

# How much one field says about an item, and how much each kind of item is
# worth against the others when both match equally.
TITLE, SUMMARY, CONTEXT, HEADING, BODY = 6.0, 3.0, 1.5, 2.0, 1.0
KIND_WEIGHT = {
    SearchKind.LESSON: 1.0,
    SearchKind.COURSE: 0.9,
    SearchKind.GLOSSARY: 0.8,
    SearchKind.CHANNEL: 0.7,
}
# BM25's saturation and length normalisation, done once at indexing time.
SATURATION = 1.2
LENGTH_EFFECT = 0.75
AVERAGE_BODY_WORDS = 300

# Suggestions: how close a known word must be to one typed.
SUGGESTION_CUTOFF = 0.75

# A search holding a phone or account number or an e-mail address is not
# recorded: residents check numbers here, and those are personal data.
PERSONAL = re.compile(r"\d{5,}|@")


# --- Words -----------------------------------------------------------------


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # The plain stemmer: the factory's cache grows without bound.
    return StemmerFactory().create_stemmer().delegatedStemmer


@lru_cache(maxsize=50_000)
def stem(word):
    """The Indonesian stem of one lower-case word: menipu, tertipu -> tipu."""
    if word.isdigit() or len(word) < 3:
        return word
    return _stemmer().stem_word(word) or word


def words(text):
    """The words of a text, lower case, without punctuation; long ones cut."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return [word[:LONGEST_WORD] for word in WORD.findall(text)]


# --- Indexing ----------------------------------------------------------------


@dataclass
class Document:
    """What the index keeps of one item: its fields with their weights."""

    kind: str
    object_id: int
    page_id: int | None
    fields: list = field(default_factory=list)


def lesson_document(lesson, course_title=""):
    fields = [(lesson.title, TITLE), (lesson.summary, SUMMARY)]
    if course_title:
        fields.append((course_title, CONTEXT))
    headings, body = [], []
    for child in lesson.body:
        texts = child.block.get_searchable_content(child.value)
        (headings if child.block_type == "heading" else body).extend(texts)
    # One field each, so a word repeated in many blocks saturates like any other.
    fields += [(" ".join(headings), HEADING), (" ".join(body), BODY)]
    return Document(SearchKind.LESSON, lesson.pk, lesson.pk, fields)


def course_document(course):
    return Document(
        SearchKind.COURSE,
        course.pk,
        course.pk,
        [(course.title, TITLE), (course.summary, SUMMARY), (course.outcomes, CONTEXT)],
    )


def glossary_document(term):
    return Document(
        SearchKind.GLOSSARY,
        term.pk,
        None,
        [(term.term, TITLE), (term.explanation, CONTEXT)],
    )


def channel_document(channel):
    return Document(
        SearchKind.CHANNEL,
        channel.pk,
        None,
        [
            (channel.name, TITLE),
            (channel.address, SUMMARY),
            (str(channel.get_platform_display()), HEADING),
            (channel.how_to_recognise, BODY),
        ],
    )


def term_weights(document):
    """Each stem of the document with its weight, and the words written for it."""
    weights, written = {}, {}
    for text, field_weight in document.fields:
        counts = {}
        field_words = [word for word in words(text or "") if word not in STOPWORDS]
        for word in field_words:
            stemmed = stem(word)
            counts[stemmed] = counts.get(stemmed, 0) + 1
            if len(word) >= 3 and not word.isdigit():
                written.setdefault(word, stemmed)
        # Long texts say less per word than short ones (BM25's length norm).
        norm = 1.0
        if field_weight <= BODY:
            norm = (
                1
                - LENGTH_EFFECT
                + LENGTH_EFFECT * (len(field_words) / AVERAGE_BODY_WORDS)
            )
        for stemmed, count in counts.items():
            saturated = count * (SATURATION + 1) / (count + SATURATION * norm)
            weights[stemmed] = weights.get(stemmed, 0.0) + field_weight * saturated
    boost = KIND_WEIGHT[document.kind]
    return {term: weight * boost for term, weight in weights.items()}, written


def write_documents(documents):
    """Replace the index rows of these documents, in one transaction."""
    if not documents:
        return
    with transaction.atomic():
        for kind in {document.kind for document in documents}:
            SearchEntry.objects.filter(
                kind=kind,
                object_id__in=[d.object_id for d in documents if d.kind == kind],
            ).delete()
        entries = SearchEntry.objects.bulk_create(
            SearchEntry(kind=d.kind, object_id=d.object_id, page_id=d.page_id)
            for d in documents
        )
        if entries and entries[0].pk is None:  # backends without RETURNING
            found = {
                (entry.kind, entry.object_id): entry
                for entry in SearchEntry.objects.filter(
                    object_id__in=[d.object_id for d in documents]
                )
            }
            entries = [found[(d.kind, d.object_id)] for d in documents]
        terms, vocabulary = [], {}
        for entry, document in zip(entries, documents, strict=True):
            weights, written = term_weights(document)
            terms.extend(
                SearchTerm(entry=entry, term=term, weight=weight)
                for term, weight in weights.items()
            )
            vocabulary.update(written)
        SearchTerm.objects.bulk_create(terms, batch_size=2000)
        SearchWord.objects.bulk_create(
            (SearchWord(word=w, stem=s) for w, s in vocabulary.items()),
            batch_size=2000,
            ignore_conflicts=True,
        )


def remove(kind, object_ids):
    SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()


def _is_live(obj):
    # Channels and glossary terms gain `live` with moderation; until then a saved
    # one is a live one.
    return getattr(obj, "live", True)


def _course_titles(lessons):
    paths = {parent_path(lesson) for lesson in lessons}
    return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))


def lesson_documents(lessons):
    lessons = list(lessons)
    titles = _course_titles(lessons)
    return [
        lesson_document(lesson, titles.get(parent_path(lesson), ""))
        for lesson in lessons
    ]


def index_pages(page_ids):
    """Bring the entries of these pages, and the lessons of any course among them,
    up to date: live ones indexed, the others removed."""
    courses = list(CoursePage.objects.filter(pk__in=page_ids))
    course_paths = [course.path for course in courses]
    lesson_filter = Q(pk__in=page_ids)
    for path in course_paths:
        lesson_filter |= Q(path__startswith=path)
    lessons = list(LessonPage.objects.filter(lesson_filter))
    live_lessons = [lesson for lesson in lessons if lesson.live]
    documents = lesson_documents(live_lessons) + [
        course_document(course) for course in courses if course.live
    ]
    with transaction.atomic():
        remove(SearchKind.LESSON, [lesson.pk for lesson in lessons if not lesson.live])
        remove(SearchKind.COURSE, [course.pk for course in courses if not course.live])
        write_documents(documents)


def index_snippet(model, pk):
    """Index the saved (live) version of a glossary term or channel, or drop it."""
    kind, make = SNIPPETS[model]
    obj = model.objects.filter(pk=pk).first()
    if obj is None or not _is_live(obj):
        remove(kind, [pk])
    else:
        write_documents([make(obj)])


SNIPPETS = {
    GlossaryTerm: (SearchKind.GLOSSARY, glossary_document),
    OfficialChannel: (SearchKind.CHANNEL, channel_document),
}


def rebuild(batch=200):
    """Index everything live from scratch (after a change to how text is read)."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        lessons = LessonPage.objects.live().order_by("path")
        for start in range(0, lessons.count(), batch):
            write_documents(lesson_documents(lessons[start : start + batch]))
        write_documents(
            [course_document(course) for course in CoursePage.objects.live()]
        )
        for model, (_kind, make) in SNIPPETS.items():
            write_documents(
                [make(obj) for obj in model.objects.order_by("pk") if _is_live(obj)]
            )
    return SearchEntry.objects.count()


# --- Reading a search ----------------------------------------------------------


@dataclass
class Word:
    """One thing a resident asked for: the words typed, and the ways it may be
    written in an item (each a set of stems that must all be there)."""

    typed: str
    alternatives: frozenset


def synonym_sets():
    """Each synonym row as the set of its spellings, each spelling as stems."""
    sets = []
    for synonym in SearchSynonym.objects.all():
        spellings = set()
        for spelling in [synonym.term, *synonym.variant_list]:
            stems = tuple(stem(word) for word in words(spelling))
            if stems:
                spellings.add(stems)
        if spellings:
            sets.append(frozenset(spellings))
    return sets


def parse(query, synonyms):
    """The words of a search, each widened by the synonyms it belongs to."""
    typed = words(query)[: MOST_WORDS * 2]
    stems = [stem(word) for word in typed]
    longest = max((len(s) for group in synonyms for s in group), default=0)
    parsed, position = [], 0
    while position < len(typed) and len(parsed) < MOST_WORDS:
        match = None
        for size in range(min(longest, len(typed) - position), 0, -1):
            piece = tuple(stems[position : position + size])
            group = next((group for group in synonyms if piece in group), None)
            if group is not None:
                match = (size, group)
                break
        if match:
            size, group = match
            parsed.append(Word(" ".join(typed[position : position + size]), group))
            position += size
            continue
        if typed[position] not in STOPWORDS:
            parsed.append(Word(typed[position], frozenset({(stems[position],)})))
        position += 1
    unique = {}
    for word in parsed:
        unique.setdefault(word.alternatives, word)
    return list(unique.values())


def query_key(parsed):
    """What a search asks for, whatever the spelling and word forms."""
    return frozenset(word.alternatives for word in parsed)


@dataclass
class Match:
    """One ranked item of a search, and whether it holds every word typed."""

    kind: str
    object_id: int
    every_word: bool


@dataclass
class Ranking:
    """The live items matching a search, best first: those holding every word,
    then those holding some. Read a page at a time, each page one query that
    also counts both."""

    sql: str
    params: list
    unknown: list

    def fetch(self, offset, limit):
        """`limit` matches from `offset`, how many hold every word, how many
        hold any (both 0 when there is no match at or after `offset`)."""
        if not self.sql:
            return [], 0, 0
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*self.params, limit, offset])
            rows = cursor.fetchall()
        if not rows:
            return [], 0, 0
        matches = [Match(kind, pk, bool(every)) for kind, pk, every, *_ in rows]
        return matches, int(rows[0][3]), int(rows[0][4])


def _frequencies(stems):
    return dict(
        SearchTerm.objects.filter(term__in=stems)
        .values_list("term")
        .annotate(n=Count("id"))
        .values_list("term", "n")
    )


def _hidden_entries(exclude_pages):
    """The entries a search leaves out, as SQL and parameters: pages under a
    view restriction and pages pinned above the results. None when none are."""
    hidden = [
        Q(page__path__startswith=path)
        for path in PageViewRestriction.objects.values_list("page__path", flat=True)
    ]
    if exclude_pages:
        hidden.append(Q(page_id__in=list(exclude_pages)))
    if not hidden:
        return None
    entries = SearchEntry.objects.filter(reduce(operator.or_, hidden)).values("pk")
    return entries.query.sql_with_params()


def _word_sql(word, bits):
    """SQL true for an item holding the word: all the stems of one of its
    spellings, each stem a bit of a mask column. None when no spelling is
    indexed. Only our own column names and numbers are written in."""
    spellings = []
    for spelling in sorted(word.alternatives):
        if not all(s in bits for s in spelling):
            continue
        wanted = {}
        for s in spelling:
            column, bit = bits[s]
            wanted[column] = wanted.get(column, 0) | bit
        spellings.append(
            " AND ".join(
                f"({column} & {mask}) = {mask}" for column, mask in wanted.items()
            )
        )
    if not spellings:
        return None
    return "(" + " OR ".join(f"({spelling})" for spelling in spellings) + ")"


# Stems per mask column: below 2**31, so the sums stay integers on both databases.
BITS_PER_MASK = 31


def rank(parsed, *, exclude_pages=()):
    """The live items matching every word of the search, and those matching any
    of them, best first, as one query to read a page with.

    Hand-written SQL: the stems typed, with their idf and a bit each, are joined
    to their index rows (a covering index: no table row is read), summed per
    item into a score and a mask of the stems it holds (a stem occurs once per
    item, so the sum is the mask), items with no word dropped, then counted
    with a window function and sliced before the page's items are joined: each
    row is read once, and nothing is joined per match. An item is in the index
    only while it is live (the signals below remove it), so liveness needs no
    join either."""
    stems = sorted(
        {s for word in parsed for spelling in word.alternatives for s in spelling}
    )
    frequency = _frequencies(stems)
    total = max(SearchEntry.objects.count(), 1)
    known = [s for s in stems if frequency.get(s)]
    masks = [f"mask_{n}" for n in range(math.ceil(len(known) / BITS_PER_MASK))]
    bits = {
        s: (masks[n // BITS_PER_MASK], 1 << (n % BITS_PER_MASK))
        for n, s in enumerate(known)
    }
    conditions, unknown = [], []
    for word in parsed:
        condition = _word_sql(word, bits)
        if condition:
            conditions.append(condition)
        else:
            unknown.append(word)
    if not conditions:
        return Ranking("", [], unknown)
    typed_row = (
        "(CAST(%s AS VARCHAR(60)), CAST(%s AS DOUBLE PRECISION)"
        + (", CAST(%s AS INTEGER)" * len(masks))
        + ")"
    )
    params = []
    for s in known:
        idf = math.log(1 + (total - frequency[s] + 0.5) / (frequency[s] + 0.5))
        column, bit = bits[s]
        params += [s, idf, *(bit if mask == column else 0 for mask in masks)]
    where = ""
    hidden = _hidden_entries(exclude_pages)
    if hidden:
        where = f"WHERE stem.entry_id NOT IN ({hidden[0]})"
        params += hidden[1]
    every_word = " AND ".join(conditions) if not unknown else "1 = 0"
    sql = f"""
        WITH typed (term, idf, {", ".join(masks)}) AS (
            VALUES {", ".join([typed_row] * len(known))}
        ), matched AS (
            SELECT stem.entry_id, SUM(stem.weight * typed.idf) AS score,
                {", ".join(f"SUM(typed.{mask}) AS {mask}" for mask in masks)}
            FROM typed
            JOIN {connection.ops.quote_name(SearchTerm._meta.db_table)} stem
                ON stem.term = typed.term
            {where}
            GROUP BY stem.entry_id
        ), ranked AS (
            SELECT entry_id, score,
                CASE WHEN {every_word} THEN 1 ELSE 0 END AS every_word
            FROM matched
            WHERE {" OR ".join(conditions)}
        ), shown AS (
            SELECT entry_id, score, every_word,
                SUM(every_word) OVER () AS every_count,
                COUNT(*) OVER () AS any_count
            FROM ranked
            ORDER BY every_word DESC, score DESC, entry_id
            LIMIT %s OFFSET %s
        )
        SELECT entry.kind, entry.object_id, shown.every_word,
            shown.every_count, shown.any_count
        FROM shown
        JOIN {connection.ops.quote_name(SearchEntry._meta.db_table)} entry
            ON entry.id = shown.entry_id
        ORDER BY shown.every_word DESC, shown.score DESC, shown.entry_id
    """
    return Ranking(sql, params, unknown)


def suggestion(parsed, unknown):
    """The search with each unknown word replaced by the closest indexed word
    (the first letter kept), or "" when there is nothing close."""
    typed = [word.typed for word in unknown if " " not in word.typed]
    if not typed:
        return ""
    near = Q(pk__in=[])
    for word in typed:
        near |= Q(
            word__gte=word[0],
            word__lt=chr(ord(word[0]) + 1),
            length__gte=len(word) - 2,
            length__lte=len(word) + 2,
        )
    candidates = list(
        SearchWord.objects.annotate(length=Length("word"))
        .filter(near)
        .filter(Exists(SearchTerm.objects.filter(term=OuterRef("stem"))))
        .values_list("word", flat=True)
    )
    replaced, changed = [], False
    for word in parsed:
        closest = difflib.get_close_matches(
            word.typed, candidates, n=1, cutoff=SUGGESTION_CUTOFF
        )
        if word in unknown and closest:
            replaced.append(closest[0])
            changed = True
        else:
            replaced.append(word.typed)
    return " ".join(replaced) if changed else ""


# --- Results ------------------------------------------------------------------


@dataclass
class Hit:
    """One result: a lesson, course, glossary term or channel."""

    kind: str
    item: object
    course_title: str = ""


def load_hits(matches):
    """The items of ranked matches, in their order: one query per kind present."""
    ids = {}
    for match in matches:
        ids.setdefault(match.kind, []).append(match.object_id)
    loaded = {}
    if SearchKind.LESSON in ids:
        lessons = list(
            LessonPage.objects.live()
            .filter(pk__in=ids[SearchKind.LESSON])
            .defer_streamfields()
        )
        titles = _course_titles(lessons)
        for lesson in lessons:
            loaded[(SearchKind.LESSON, lesson.pk)] = Hit(
                SearchKind.LESSON, lesson, titles.get(parent_path(lesson), "")
            )
    for kind, queryset in (
        (SearchKind.COURSE, CoursePage.objects.live()),
        (SearchKind.GLOSSARY, GlossaryTerm.objects.all()),
        (SearchKind.CHANNEL, OfficialChannel.objects.all()),
    ):
        if kind in ids:
            for item in queryset.filter(pk__in=ids[kind]):
                if _is_live(item):
                    loaded[(kind, item.pk)] = Hit(kind, item)
    return [
        loaded[key]
        for key in ((match.kind, match.object_id) for match in matches)
        if key in loaded
    ]


def promotions_for(parsed, synonyms):
    """The editors' pinned answers for this search, spelled any way: a pin made
    for "penipuan" also answers "penipu"."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    key = query_key(parsed)
    if not key:
        return []
    pinned = []
    for promotion in SearchPromotion.objects.select_related("query", "page").order_by(
        "query_id", "sort_order"
    ):
        if promotion.page is not None and not promotion.page.live:
            continue
        if query_key(parse(promotion.query.query_string, synonyms)) == key:
            pinned.append(promotion)
    return pinned


def record(query, results):
    """Count the search in Wagtail's query log, with how many results it found."""
    from wagtail.contrib.search_promotions.models import Query

    if PERSONAL.search(query):
        return
    try:
        with transaction.atomic():
            logged = Query.get(query)
            logged.add_hit()
            SearchOutcome.objects.update_or_create(
                query=logged,
                defaults={"results": results, "searched_at": timezone.now()},
            )
    except DatabaseError:
        # The only write a visitor causes: a read-only database or a full disk
        # loses the count, never the answer.
        logger.warning("Search not counted", exc_info=True)


RESULTS_PER_PAGE = 10


def result_page(ranking, page_number, *, several_words):
    """One page of matches: those holding every word or, when none does and
    several words were typed, those holding some; and which of the two it is.
    One query, or two or three when the page asked for is past the end."""
    number = listing_page_number(page_number)
    matches, every_count, any_count = ranking.fetch(
        (number - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE
    )
    if not matches and number > 1:
        # Past the end, the query counts nothing: the first page counts.
        number = 1
        matches, every_count, any_count = ranking.fetch(0, RESULTS_PER_PAGE)
    every_word = every_count > 0 or not several_words
    # The paginator needs only the count, which a range gives without rows.
    paginator = Paginator(
        range(every_count if every_word else any_count), RESULTS_PER_PAGE
    )
    page = paginator.get_page(number)
    if page.number != number:
        matches, _every, _any = ranking.fetch(
            (page.number - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE
        )
    # The page holds numbers from the range: its matches take their place.
    page.object_list = [m for m in matches if m.every_word or not every_word]
    return page, every_word


@dataclass
class Results:
    """One page of a search, with what the page says around the results."""

    query: str
    words: list
    promotions: list
    page: object
    hits: list
    every_word: bool = True
    suggestion: str = ""


def search(query, *, page_number=None, record_search=True):
    """The editors' pins, then one page of ranked results; the search recorded
    when its first page is asked for. A fixed number of queries."""
    synonyms = synonym_sets()
    parsed = parse(query, synonyms)
    promotions = promotions_for(parsed, synonyms)
    ranking = rank(
        parsed, exclude_pages=[pin.page_id for pin in promotions if pin.page_id]
    )
    page, every_word = result_page(ranking, page_number, several_words=len(parsed) > 1)
    hits = load_hits(page.object_list)
    results = Results(
        query=query,
        words=parsed,
        promotions=promotions if page.number == 1 else [],
        page=page,
        hits=hits,
        every_word=every_word,
        suggestion=suggestion(parsed, ranking.unknown) if ranking.unknown else "",
    )
    if record_search and page.number == 1:
        record(query, page.paginator.count + len(promotions))
    return results


# --- Keeping the index up to date (connected in apps.py) ------------------------


def on_page_changed(sender, instance, **kwargs):
    """Published or moved: index the page again (and a course's lessons, which
    are found by their course's title too)."""
    index_pages([instance.pk])


def on_page_unpublished(sender, instance, **kwargs):
    # Not read back from the database: a page about to be deleted is unpublished
    # in memory only.
    kind = SearchKind.COURSE if isinstance(instance, CoursePage) else SearchKind.LESSON
    remove(kind, [instance.pk])


def index_if_empty(sender, **kwargs):
    """After migrating a site that has content but no index yet, build it."""
    if not SearchEntry.objects.exists() and LessonPage.objects.live().exists():
        rebuild()


def on_snippet_changed(sender, instance, **kwargs):
    if sender in SNIPPETS:
        index_snippet(sender, instance.pk)
