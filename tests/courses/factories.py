"""Pages, pictures and snippets for course tests. Pages are published unless
`publish=False` is passed."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from courses.demo import load_home_page
from courses.models import (
    ChannelPlatform,
    ChannelPurpose,
    CourseIndexPage,
    CoursePage,
    GlossaryTerm,
    LessonPage,
    OfficialChannel,
    Pillar,
)

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
    '<rect width="400" height="300" fill="#e0f2f1"/>'
    '<rect x="{x}" y="40" width="120" height="220" rx="16" fill="#37474f"/>'
    '<text x="200" y="280" font-family="sans-serif" font-size="20">HP</text></svg>'
)


class ImageFactory(factory.django.DjangoModelFactory):
    """A small SVG drawing, different for each image."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"gambar-{n}")
    file = factory.LazyAttribute(
        lambda image: ImageFile(
            io.BytesIO(SVG.format(x=len(image.title) * 7 % 260).encode()),
            name=f"{image.title}.svg",
        )
    )


def screenshot_png(shade):
    """A phone screenshot's shape and flat colours, as PNG."""
    picture = Image.new("RGB", (800, 1600), (236, 239, 241))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 800, 140), fill=(0, 128, shade))
    for row in range(6):
        top = 300 + row * 300
        draw.rounded_rectangle((40, top, 760, top + 220), 30, fill=(255, 255, 255))
        draw.ellipse((100, top + 40, 240, top + 180), fill=(shade, 150, 136))
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()


class PhotoFactory(ImageFactory):
    """A phone screenshot (PNG, 800×1600), different for each image."""

    file = factory.LazyAttribute(
        lambda image: ImageFile(
            io.BytesIO(screenshot_png(len(image.title) * 17 % 256)),
            name=f"{image.title}.png",
        )
    )


class SnippetFactory(factory.django.DjangoModelFactory):
    """Live with a first revision, as the moderation workflow leaves a snippet;
    `publish=False` gives a draft that has never been published."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        lookup = cls._meta.django_get_or_create
        if lookup:
            found = model_class.objects.filter(
                **{name: kwargs[name] for name in lookup}
            ).first()
            if found is not None:
                return found
        snippet = model_class(*args, live=publish, **kwargs)
        snippet.save()
        revision = snippet.save_revision()
        if publish:
            revision.publish()
            snippet.refresh_from_db()
        return snippet


class GlossaryTermFactory(SnippetFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"Istilah {n}")
    explanation = "Penjelasan singkat yang mudah dipahami."


class OfficialChannelFactory(SnippetFactory):
    class Meta:
        model = OfficialChannel

    platform = ChannelPlatform.WEBSITE
    purpose = ChannelPurpose.REPORT_SCAM
    name = factory.Sequence(lambda n: f"Layanan resmi {n}")
    address = "lapor.go.id"
    how_to_recognise = "Alamatnya berakhiran .go.id."


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, publish=True, **kwargs):
        page = model_class(*args, live=publish, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class CourseIndexPageFactory(PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Kelas"
    slug = "kelas"
    intro = "Pilih kelas yang ingin Bapak/Ibu pelajari."
    parent = factory.LazyFunction(load_home_page)


def course_index():
    return CourseIndexPage.objects.first() or CourseIndexPageFactory()


class CoursePageFactory(PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Kelas Contoh {n}")
    slug = factory.Sequence(lambda n: f"kelas-contoh-{n}")
    summary = "Belajar memakai WhatsApp dengan tenang."
    pillar = Pillar.CAKAP
    outcomes = "bisa mengirim pesan\nbisa menelepon keluarga"
    parent = factory.LazyFunction(course_index)


def step(text, image=None, alt=""):
    return ("step", {"text": text, "image": image, "alt": alt})


class LessonPageFactory(PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Materi Contoh {n}")
    slug = factory.Sequence(lambda n: f"materi-contoh-{n}")
    summary = "Mengirim pesan pertama kepada keluarga."
    minutes = 10
    body = factory.LazyFunction(
        lambda: [
            step("Buka aplikasi WhatsApp."),
            step("Ketuk nama anak Bapak/Ibu."),
        ]
    )
    references = factory.LazyFunction(
        lambda: [
            (
                "reference",
                {
                    "title": "Cara mengirim pesan",
                    "source": "Pusat Bantuan WhatsApp",
                    "url": "https://faq.whatsapp.com/",
                },
            )
        ]
    )
    parent = factory.SubFactory(CoursePageFactory)


def every_block_body(*, image, channel, term):
    """A lesson body that uses each block type once, steps between the others."""
    return [
        ("heading", {"text": "Mengenal kode OTP"}),
        ("paragraph", {"text": "<p>Kode OTP dikirim lewat <b>SMS</b>.</p>"}),
        step("Buka pesan SMS yang masuk.", image=image, alt="Layar SMS berisi kode"),
        ("tip", {"text": "Simpan nomor keluarga dengan nama yang jelas."}),
        step("Baca kodenya, tetapi jangan dibagikan."),
        (
            "warning",
            {"text": "Jangan pernah berikan kode OTP kepada siapa pun."},
        ),
        (
            "checklist",
            {"title": "Coba sendiri", "items": ["Cari SMS berisi kode di HP."]},
        ),
        step("Hapus pesan itu bila sudah tidak dipakai."),
        (
            "question",
            {
                "question": (
                    "Ada yang meminta kode OTP lewat telepon. Apa yang dilakukan?"
                ),
                "choices": [
                    {
                        "text": "Menolak dan menutup telepon.",
                        "correct": True,
                        "explanation": "Betul. Kode OTP hanya untuk Bapak/Ibu sendiri.",
                    },
                    {
                        "text": "Memberikan kodenya.",
                        "correct": False,
                        "explanation": "Jangan. Dengan kode itu akun bisa diambil.",
                    },
                ],
            },
        ),
        ("channels", {"heading": "Saluran resmi", "channels": [channel]}),
        ("glossary", {"term": term}),
    ]
