"""The pieces an editor builds a lesson from. Each is small and explains itself."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import AudioChooserBlock

# Bold, italic, links and lists: enough for plain explanations, too little to
# break the large-print layout.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# One rendition size for step pictures: sharp on a phone, light on slow data.
# "preserve-svg" keeps drawings as SVG instead of turning them into pixels.
STEP_IMAGE_SPEC = "max-800x800|preserve-svg"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A short title that starts a new part of the lesson.")
        preview_value = {"text": "Yang perlu Bapak/Ibu lakukan"}


class ParagraphBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Paragraph")
        description = _("Plain text in short sentences; bold, italic, links, lists.")
        preview_value = {
            "text": "<p>Penipu sering mengirim pesan dari <b>nomor baru</b>.</p>"
        }


class StepBlock(blocks.StructBlock):
    """One action the learner does. Its number comes from its place in the lesson."""

    text = blocks.TextBlock(
        label=_("What to do"),
        help_text=_("One action in one or two short sentences."),
    )
    image = ImageChooserBlock(
        label=_("Picture"),
        required=False,
        help_text=_("Optional: a drawing or screenshot of the phone screen."),
    )
    alt = blocks.CharBlock(
        label=_("Picture description"),
        required=False,
        max_length=300,
        help_text=_(
            "Required with a picture: what the picture shows, for people who "
            "cannot see it."
        ),
    )
    recording = AudioChooserBlock(
        label=_("Recorded voice"),
        required=False,
        help_text=_(
            "Optional: someone reading this step aloud. Without one, the site "
            "makes a computer voice."
        ),
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/step.html"
        label = _("Step")
        description = _("A numbered step; the number is added for you.")
        preview_value = {
            "text": "Buka aplikasi WhatsApp. Gambarnya telepon putih di kotak hijau.",
            "alt": "",
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not (value.get("alt") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt": ValidationError(
                        _("Describe the picture for people who cannot see it.")
                    )
                }
            )
        return value


class TipBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Tip"))

    class Meta:
        icon = "help"
        template = "blocks/tip.html"
        label = _("Tip")
        description = _("A helpful hint, shown in a calm box.")
        preview_value = {"text": "Sepakati satu kata rahasia keluarga."}


class WarningBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Warning"))

    class Meta:
        icon = "warning"
        template = "blocks/warning.html"
        label = _("Warning")
        description = _("Something dangerous to avoid, shown in a strong box.")
        preview_value = {"text": "Jangan pernah berikan kode OTP kepada siapa pun."}


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80, default="Coba sendiri")
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=300),
        label=_("Things to try"),
        min_num=1,
    )

    class Meta:
        icon = "tasks"
        template = "blocks/checklist.html"
        label = _("Practice checklist")
        description = _("Things to try on one's own phone, to tick off.")
        preview_value = {
            "title": "Coba sendiri",
            "items": ["Kirim pesan kepada satu anggota keluarga."],
        }


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("This is the right answer"), required=False)
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        help_text=_("Shown when the learner picks this answer: say why."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    """A practice question with one right answer and an explanation per answer."""

    question = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(
        AnswerChoiceBlock(), label=_("Answers"), min_num=2, max_num=5
    )

    class Meta:
        icon = "help"
        template = "blocks/question.html"
        label = _("Practice question")
        description = _("A question with answers; each answer explains itself.")
        preview_value = {
            "question": "Ada yang meminta kode OTP lewat telepon. Apa yang Bapak/Ibu "
            "lakukan?",
            "choices": [
                {
                    "text": "Menolak dan menutup telepon.",
                    "correct": True,
                    "explanation": "Betul. Kode OTP hanya untuk Bapak/Ibu sendiri.",
                },
                {
                    "text": "Memberikan kodenya.",
                    "correct": False,
                    "explanation": "Jangan. Dengan kode itu akun bisa diambil orang.",
                },
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        right_answers = sum(1 for choice in value["choices"] if choice["correct"])
        if right_answers != 1:
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Mark exactly one answer as the right one."))
                ]
            )
        return value


class ChannelsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, default="Saluran resmi"
    )
    channels = blocks.ListBlock(
        SnippetChooserBlock("courses.OfficialChannel", label=_("Official channel")),
        label=_("Official channels"),
        min_num=1,
    )

    class Meta:
        icon = "link"
        template = "blocks/channels.html"
        label = _("Official channels")
        description = _("Where to find the real office: chosen from the channel list.")


class GlossaryBlock(blocks.StructBlock):
    term = SnippetChooserBlock("courses.GlossaryTerm", label=_("Term"))

    class Meta:
        icon = "doc-full"
        template = "blocks/glossary.html"
        label = _("Glossary term")
        description = _("A difficult word explained simply, chosen from the glossary.")


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    step = StepBlock()
    tip = TipBlock()
    warning = WarningBlock()
    checklist = ChecklistBlock()
    question = QuestionBlock()
    channels = ChannelsBlock()
    glossary = GlossaryBlock()


class ReferenceBlock(blocks.StructBlock):
    """Where a fact in the lesson comes from, so a reviewer can check it."""

    title = blocks.CharBlock(label=_("Title"), max_length=300)
    source = blocks.CharBlock(
        label=_("Source"),
        max_length=200,
        help_text=_("Who published it, for example an office or a newspaper."),
    )
    url = blocks.URLBlock(label=_("Address"), required=False)

    class Meta:
        icon = "link-external"
        label = _("Reference")
        preview_value = {
            "title": "Waspada penipuan mengatasnamakan bank",
            "source": "Otoritas Jasa Keuangan",
            "url": "https://ojk.go.id/",
        }
