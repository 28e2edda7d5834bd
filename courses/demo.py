"""Demo pages for a first look at the site. Loading twice changes nothing."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from courses.blocks import LessonBodyBlock
from courses.models import (
    CourseIndexPage,
    CoursePage,
    GlossaryTerm,
    HomePage,
    LessonPage,
    OfficialChannel,
)

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

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
IMAGE_COLLECTION = "Gambar materi"
COURSE_INDEX = {
    "title": "Kelas",
    "slug": "kelas",
    "intro": (
        "Pilih kelas yang ingin Bapak/Ibu pelajari. Setiap kelas berisi beberapa "
        "materi pendek. Bacalah pelan-pelan, langkah demi langkah, dan coba "
        "langsung di HP."
    ),
}
# Each kind of lesson block, by its name: it knows how the demo gives it.
BODY_BLOCKS = LessonBodyBlock().child_blocks


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


@dataclass
class CoursesLoaded:
    courses_created: int = 0
    lessons_created: int = 0


def demo_content(content_dir=CONTENT_DIR):
    """lessons.json, then each course file in demo_content/courses/ in name order.

    A course file holds one course and may bring its own glossary terms and
    channels, so a new course is a new file rather than an edit to a shared one.
    """
    content = json.loads((content_dir / "lessons.json").read_text(encoding="utf-8"))
    for path in sorted((content_dir / "courses").glob("*.json")):
        course = json.loads(path.read_text(encoding="utf-8"))
        content["glossary"].extend(course.pop("glossary", []))
        content["channels"].extend(course.pop("channels", []))
        content["courses"].append(course)
    return content


def load_courses(content_dir=CONTENT_DIR):
    """Add the demo courses under /kelas/ from demo_content/lessons.json.

    Only what is missing is created: pages, images, glossary terms and channels
    that exist (perhaps changed by an editor) are left as they are.
    """
    content = demo_content(content_dir)
    home = load_home_page()
    images = load_images(content_dir / "images")
    glossary = {
        entry["key"]: GlossaryTerm.objects.get_or_create(
            term=entry["term"], defaults={"explanation": entry["explanation"]}
        )[0]
        for entry in content["glossary"]
    }
    channels = {
        entry["key"]: OfficialChannel.objects.get_or_create(
            name=entry["name"],
            defaults={
                "platform": entry["platform"],
                "address": entry["address"],
                "how_to_recognise": entry["how_to_recognise"],
                "last_checked": entry["last_checked"],
            },
        )[0]
        for entry in content["channels"]
    }
    lists = DemoLists(images, glossary, channels)
    index = child_with_slug(home, CourseIndexPage, COURSE_INDEX["slug"])
    if index is None:
        index = publish_under(home, CourseIndexPage(**COURSE_INDEX))

    loaded = CoursesLoaded()
    for course_data in content["courses"]:
        course = child_with_slug(index, CoursePage, course_data["slug"])
        if course is None:
            course = publish_under(
                index,
                CoursePage(
                    title=course_data["title"],
                    slug=course_data["slug"],
                    summary=course_data["summary"],
                    pillar=course_data["pillar"],
                    level=course_data["level"],
                    outcomes="\n".join(course_data["outcomes"]),
                    cover_image=images.get(course_data.get("cover_image")),
                ),
            )
            loaded.courses_created += 1
        for lesson_data in course_data["lessons"]:
            if child_with_slug(course, LessonPage, lesson_data["slug"]) is not None:
                continue
            publish_under(
                course,
                LessonPage(
                    title=lesson_data["title"],
                    slug=lesson_data["slug"],
                    summary=lesson_data["summary"],
                    minutes=lesson_data["minutes"],
                    body=[lesson_block(block, lists) for block in lesson_data["body"]],
                    references=[
                        (
                            "reference",
                            {
                                "title": reference["title"],
                                "source": reference["source"],
                                "url": reference.get("url") or "",
                            },
                        )
                        for reference in lesson_data["references"]
                    ],
                ),
            )
            loaded.lessons_created += 1
    return loaded


def load_images(folder):
    """Each demo picture as a Wagtail image, found again by its title."""
    Image = get_image_model()
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=IMAGE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=IMAGE_COLLECTION)
    images = {}
    for path in sorted(folder.iterdir()):
        image = Image.objects.filter(collection=collection, title=path.stem).first()
        if image is None:
            with path.open("rb") as file:
                image = Image(
                    title=path.stem,
                    collection=collection,
                    file=ImageFile(file, name=path.name),
                )
                image.save()
        images[path.name] = image
    return images


@dataclass
class DemoLists:
    """What demo lesson blocks refer to by key: pictures by file name, glossary
    terms and channels by their key in the demo content."""

    images: dict
    glossary: dict
    channels: dict


def lesson_block(block, lists):
    """A block of demo_content JSON as a (type, value) pair for the lesson body;
    each block type says how its value is given (`demo_value` in blocks.py)."""
    kind, value = block["type"], block["value"]
    block_type = BODY_BLOCKS.get(kind)
    if block_type is None:
        raise ValueError(f"Unknown block type in the demo content: {kind}")
    return (kind, block_type.demo_value(value, lists))


def child_with_slug(parent, page_class, slug):
    return page_class.objects.child_of(parent).filter(slug=slug).first()


def publish_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
