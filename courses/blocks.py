"""The pieces an editor builds a lesson from. Each is small and explains itself.

A lesson block is one class here and one template in templates/blocks/: the class
says how the demo content gives it (`demo_value`) and how it prints (`print_data`
turns its value into plain data, `print_flowables` draws that data in a handout).
Add it to `LessonBodyBlock` and the lesson page, the handouts and the demo loader
all know it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reportlab.platypus import KeepTogether, Paragraph, Spacer
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import AudioChooserBlock

from courses.printing import (
    BOX,
    LONG_DATE,
    Block,
    Channel,
    ChatChoice,
    ChatMessage,
    ChatStep,
    Choice,
    chat_flowables,
    in_box,
    letters,
    paragraphs_from_html,
    practice_label,
    step_flowable,
)
from literacy_site.pdf import (
    PANEL_FILL,
    WARNING_BORDER,
    WARNING_FILL,
    boxed,
    escape,
    picture_of,
    styles,
)

# Bold, italic, links and lists: enough for plain explanations, too little to
# break the large-print layout.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LessonBlock(blocks.StructBlock):
    """A block of a lesson body: its form, plus how the demo gives it and how it
    prints. `numbers` counts the blocks printed so far by kind (steps are numbered
    1, 2, 3… across the lesson, practice questions too)."""

    # A heading: in the short handout it prints only above steps or warnings.
    opens_section = False

    def demo_value(self, raw, lists):
        """The block's value from demo_content JSON; `lists` holds the demo's
        images, glossary terms and channels by their keys."""
        return raw

    def print_data(self, value, numbers):
        """The plain data the handout prints, or None to print nothing."""
        # Every lesson block class gives its own: a missing one must fail loudly
        # when a handout is drawn, not print an empty block. (StructBlock's own
        # metaclass rules out abc.ABC here.)
        raise NotImplementedError(f"{type(self).__name__} does not say how it prints")

    def print_flowables(self, block):
        """What `print_data` gave, drawn for reportlab."""
        # Every lesson block class gives its own, as print_data above.
        raise NotImplementedError(f"{type(self).__name__} does not say how it draws")

    def print_short(self, block):
        """The block in the short handout (steps and warnings, at most two
        pages); most blocks are left out of it."""
        return []

    def text_with_terms(self, value, explainer):
        """The block's text for the lesson page with glossary terms explained at
        their first use (`courses.glossary.TermExplainer`), or None when the
        block's template shows its value as it is."""
        return None


class TextOnlyBlock(LessonBlock):
    """A block of one text field, given in the demo content as a bare string."""

    def demo_value(self, raw, lists):
        return {"text": raw}

    def print_data(self, value, numbers):
        return Block(self.name, text=value["text"])

    def text_with_terms(self, value, explainer):
        return explainer.plain(value["text"])


class HeadingBlock(TextOnlyBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A short title that starts a new part of the lesson.")
        preview_value = {"text": "Yang perlu Bapak/Ibu lakukan"}

    def print_flowables(self, block):
        return [Paragraph(escape(block.text), styles()["heading"])]

    opens_section = True

    def text_with_terms(self, value, explainer):
        return None  # a title stays short; the text under it explains

    def print_short(self, block):
        return self.print_flowables(block)


class ParagraphBlock(TextOnlyBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Paragraph")
        description = _("Plain text in short sentences; bold, italic, links, lists.")
        preview_value = {
            "text": "<p>Penipu sering mengirim pesan dari <b>nomor baru</b>.</p>"
        }

    def print_data(self, value, numbers):
        return Block(self.name, text=expand_db_html(value["text"].source))

    def print_flowables(self, block):
        return paragraphs_from_html(block.text)

    def text_with_terms(self, value, explainer):
        return explainer.rich(expand_db_html(value["text"].source))


class StepBlock(LessonBlock):
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

    def demo_value(self, raw, lists):
        return {
            "text": raw["text"],
            "image": lists.images.get(raw.get("image")),
            "alt": raw.get("alt") or "",
        }

    def print_data(self, value, numbers):
        numbers[self.name] += 1
        return Block(
            self.name,
            text=value["text"],
            number=numbers[self.name],
            picture=picture_of(value["image"], value["alt"]),
        )

    def print_flowables(self, block):
        return [step_flowable(block)]

    def print_short(self, block):
        return [step_flowable(block, with_picture=False)]

    def text_with_terms(self, value, explainer):
        return explainer.plain(value["text"])

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


class TipBlock(TextOnlyBlock):
    text = blocks.TextBlock(label=_("Tip"))

    class Meta:
        icon = "help"
        template = "blocks/tip.html"
        label = _("Tip")
        description = _("A helpful hint, shown in a calm box.")
        preview_value = {"text": "Sepakati satu kata rahasia keluarga."}

    def print_flowables(self, block):
        return in_box(
            f"<b>{escape(gettext('Tip'))}:</b> {escape(block.text)}", fill=PANEL_FILL
        )


class WarningBlock(TextOnlyBlock):
    text = blocks.TextBlock(label=_("Warning"))

    class Meta:
        icon = "warning"
        template = "blocks/warning.html"
        label = _("Warning")
        description = _("Something dangerous to avoid, shown in a strong box.")
        preview_value = {"text": "Jangan pernah berikan kode OTP kepada siapa pun."}

    def print_flowables(self, block):
        return in_box(
            f"<b>\u26a0 {escape(gettext('Warning'))}:</b> {escape(block.text)}",
            border=WARNING_BORDER,
            border_width=3,
            fill=WARNING_FILL,
        )

    def print_short(self, block):
        return self.print_flowables(block)


class ChecklistBlock(LessonBlock):
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

    def print_data(self, value, numbers):
        return Block(self.name, title=value["title"], items=tuple(value["items"]))

    def print_flowables(self, block):
        style = styles()
        lines = [Paragraph(escape(block.title), style["strong"])]
        lines += [
            Paragraph(f"{BOX}&nbsp;&nbsp;{escape(item)}", style["bullet"])
            for item in block.items
        ]
        return [boxed(lines), Spacer(1, 8)]


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


class QuestionBlock(LessonBlock):
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

    def demo_value(self, raw, lists):
        return {
            "question": raw["question"],
            "choices": [
                {
                    "text": choice["text"],
                    "correct": bool(choice["correct"]),
                    "explanation": choice["explanation"],
                }
                for choice in raw["choices"]
            ],
        }

    def print_data(self, value, numbers):
        numbers[self.name] += 1
        return Block(
            self.name,
            text=value["question"],
            number=numbers[self.name],
            items=tuple(
                Choice(c["text"], bool(c["correct"]), c["explanation"])
                for c in value["choices"]
            ),
        )

    def print_flowables(self, block):
        style = styles()
        label = practice_label(block.number)
        lines = [
            Paragraph(f"<b>{escape(label)}:</b> {escape(block.text)}", style["body"])
        ]
        lines += [
            Paragraph(
                f"{BOX}&nbsp;&nbsp;{letter}. {escape(choice.text)}", style["bullet"]
            )
            for letter, choice in zip(letters(), block.items, strict=False)
        ]
        return [KeepTogether(lines), Spacer(1, 8)]

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


class ChannelsBlock(LessonBlock):
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

    # Demo lessons list channel keys only; they all share this heading.
    DEMO_HEADING = "Saluran resmi"

    def demo_value(self, raw, lists):
        return {
            "heading": self.DEMO_HEADING,
            "channels": [lists.channels[key] for key in raw],
        }

    def print_data(self, value, numbers):
        channels = tuple(
            Channel(
                name=channel.name,
                platform=channel.get_platform_display(),
                address=channel.address,
                how_to_recognise=channel.how_to_recognise,
                facts_checked=(
                    formats.date_format(channel.facts_checked_on, LONG_DATE)
                    if channel.facts_checked_on
                    else ""
                ),
            )
            for channel in value["channels"]
            # The row is the live version; a new channel not yet approved is
            # not printed.
            if channel is not None and channel.live
        )
        return Block(self.name, title=value["heading"], items=channels)

    def print_flowables(self, block):
        style = styles()
        lines = [Paragraph(escape(block.title), style["strong"])]
        for channel in block.items:
            checked = ""
            if channel.facts_checked:
                checked = "<br/>" + escape(
                    gettext("Facts checked on %(date)s")
                    % {"date": channel.facts_checked}
                )
            lines.append(
                Paragraph(
                    f"<b>{escape(channel.name)}</b><br/>"
                    f"{escape(channel.platform)}: <b>{escape(channel.address)}</b><br/>"
                    f"{escape(channel.how_to_recognise)}" + checked,
                    style["body"],
                )
            )
        return [boxed(lines), Spacer(1, 8)]


class GlossaryBlock(LessonBlock):
    term = SnippetChooserBlock("courses.GlossaryTerm", label=_("Term"))

    class Meta:
        icon = "doc-full"
        template = "blocks/glossary.html"
        label = _("Glossary term")
        description = _("A difficult word explained simply, chosen from the glossary.")

    def demo_value(self, raw, lists):
        return {"term": lists.glossary[raw]}

    def text_with_terms(self, value, explainer):
        explainer.mark_explained(value["term"])  # this block explains it
        return None

    def print_data(self, value, numbers):
        term = value["term"]
        if term is None or not term.live:  # a new term not yet approved
            return None
        return Block(self.name, title=term.term, text=term.explanation)

    def print_flowables(self, block):
        return in_box(
            f"<b>{escape(block.title)}</b>: {escape(block.text)}", fill=PANEL_FILL
        )


@dataclass
class ChatPart:
    """A step of the scene as the reader saw it, and what they chose there."""

    messages: tuple
    chosen: ChatChoice | None = None


@dataclass
class ChatWalk:
    """How far the reader has gone: the parts seen, the ending (if reached), and
    the choices now open with the path each one leads to."""

    parts: list
    ending: ChatChoice | None
    open_choices: list  # (ChatChoice, "0.1.2")
    path: str

    @property
    def retry_path(self):
        """The path up to the last choice, to try another one there."""
        return self.path.rpartition(".")[0]


def _message(value):
    return ChatMessage(value["sender"], value["kind"], value["text"])


def _choice(value):
    return ChatChoice(
        value["label"],
        value["outcome"],
        tuple(_message(reply) for reply in value["replies"]),
        value["explanation"],
        value["what_now"],
    )


def chat_steps(value):
    """The scene as plain data (for the page and the handout alike)."""
    return tuple(
        ChatStep(
            tuple(_message(message) for message in step["messages"]),
            tuple(_choice(choice) for choice in step["choices"]),
        )
        for step in value["steps"]
    )


def chat_walk(steps, path_text):
    """Follow the reader's choices ("0.1": the first choice at step one, the
    second at step two) as far as they are valid choices of the scene."""
    taken = []
    parts = []
    numbers = [part for part in str(path_text).split(".") if part.isdigit()]
    for index, step in enumerate(steps):
        part = ChatPart(step.messages)
        parts.append(part)
        if index < len(numbers) and int(numbers[index]) < len(step.choices):
            choice = step.choices[int(numbers[index])]
            part.chosen = choice
            taken.append(numbers[index])
            if choice.outcome != ChatSceneBlock.CONTINUE:
                return ChatWalk(parts, choice, [], ".".join(taken))
            continue
        prefix = ".".join(taken)
        return ChatWalk(
            parts,
            None,
            [
                (choice, f"{prefix}.{number}" if prefix else str(number))
                for number, choice in enumerate(step.choices)
            ],
            prefix,
        )
    return ChatWalk(parts, None, [], ".".join(taken))


class ChatMessageBlock(blocks.StructBlock):
    sender = blocks.ChoiceBlock(
        label=_("Sent by"),
        choices=[("them", _("The other person")), ("me", _("The reader"))],
        default="them",
    )
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("text", _("Text")),
            ("link", _("Link")),
            ("file", _("File")),
            ("voice", _("Voice note")),
            ("code", _("Request for a code")),
        ],
        default="text",
    )
    text = blocks.TextBlock(
        label=_("Text"),
        help_text=_(
            "The message. For a link: the address shown; for a file: its name, "
            "such as Undangan.apk; for a voice note: its length, such as 0:42."
        ),
    )

    class Meta:
        icon = "comment"
        label = _("Message")


class ChatChoiceBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("What the reader could do"),
        max_length=80,
        help_text=_("Short, as on a button: Buka tautan, Kirim kode, Blokir."),
    )
    outcome = blocks.ChoiceBlock(
        label=_("Then"),
        choices=[
            ("continue", _("The chat goes on to the next step")),
            ("safe", _("Safe: the scene ends well")),
            ("harm", _("Unsafe: the scene shows the harm")),
        ],
        default="safe",
    )
    replies = blocks.ListBlock(
        ChatMessageBlock(),
        label=_("What happens next in the chat"),
        min_num=0,
        default=[],
    )
    explanation = blocks.TextBlock(label=_("Short explanation"))
    what_now = blocks.TextBlock(
        label=_("What to do now"),
        required=False,
        help_text=_("For an unsafe choice: what to do straight away."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Choice")


class ChatStepBlock(blocks.StructBlock):
    messages = blocks.ListBlock(ChatMessageBlock(), label=_("Messages"), min_num=1)
    choices = blocks.ListBlock(
        ChatChoiceBlock(), label=_("Choices"), min_num=2, max_num=4
    )

    class Meta:
        icon = "form"
        label = _("Step")


class ChatSceneBlock(LessonBlock):
    """Safe practice: a made-up chat that imitates WhatsApp, SMS or Messenger,
    walked through by choosing what to do. Links and files in it go nowhere.

    Without JavaScript each choice is a link to the page with the path so far
    (`?obrolan=<block id>&jalan=0.1`); the block reads it from the request."""

    CONTINUE, SAFE, HARM = "continue", "safe", "harm"

    app = blocks.ChoiceBlock(
        label=_("App it imitates"),
        choices=[
            ("whatsapp", "WhatsApp"),
            ("sms", "SMS"),
            ("messenger", "Facebook Messenger"),
        ],
        default="whatsapp",
    )
    sender_name = blocks.CharBlock(label=_("Sender's name"), max_length=60)
    sender_number = blocks.CharBlock(
        label=_("Sender's number"),
        max_length=30,
        required=False,
        help_text=_("Made up, or an unused example; never a real person's number."),
    )
    intro = blocks.TextBlock(label=_("Situation"), required=False)
    steps = blocks.ListBlock(ChatStepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "comment"
        template = "blocks/chat_scene.html"
        label = _("Chat simulation")
        description = _(
            "A practice chat: the reader chooses what to do and sees what happens."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = context.get("request")
        block_id = context.get("block_id") or ""
        path = ""
        if request is not None and request.GET.get("obrolan") == block_id:
            path = request.GET.get("jalan", "")
        context["walk"] = chat_walk(chat_steps(value), path)
        return context

    def clean(self, value):
        value = super().clean(value)
        problems = []
        steps = chat_steps(value)
        for number, step in enumerate(steps, start=1):
            if all(choice.outcome == self.HARM for choice in step.choices):
                problems.append(
                    _("Step %(number)s: give at least one safe choice.")
                    % {"number": number}
                )
            if number == len(steps) and any(
                choice.outcome == self.CONTINUE for choice in step.choices
            ):
                problems.append(
                    _("The last step has no next step: its choices must end the scene.")
                )
            for choice in step.choices:
                if choice.outcome == self.HARM and not choice.what_now.strip():
                    problems.append(
                        _("“%(label)s” is unsafe: say what to do now.")
                        % {"label": choice.label}
                    )
        if problems:
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(problem) for problem in problems]
            )
        return value

    def print_data(self, value, numbers):
        app = dict(self.child_blocks["app"].field.choices).get(value["app"], "")
        sender = value["sender_name"]
        if value["sender_number"]:
            sender = f"{sender} ({value['sender_number']})"
        return Block(
            self.name,
            title=f"{app}: {sender}",
            text=value["intro"],
            items=chat_steps(value),
        )

    def print_flowables(self, block):
        return chat_flowables(block)


class LessonBodyBlock(blocks.StreamBlock):
    """Every kind of lesson block, by the name it is stored under."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    step = StepBlock()
    tip = TipBlock()
    warning = WarningBlock()
    checklist = ChecklistBlock()
    question = QuestionBlock()
    channels = ChannelsBlock()
    glossary = GlossaryBlock()
    chat = ChatSceneBlock()


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
