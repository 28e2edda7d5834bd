"""Glossary terms in lesson text: the first time a lesson uses a term, the term is
explained right there (`TermExplainer`), so nobody meets a hard word unexplained.

Works on terms handed in; the queries are in `models.py` and `selectors.py`.
"""

import html
import re

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

# Parts of rendered rich text: a tag, or the text between tags.
TAG = re.compile(r"(<[^>]*>)")
LINK_TAG = re.compile(r"<(/?)a[\s>]", re.IGNORECASE)


def terms_pattern(words):
    """One pattern finding any of the words as whole words, longest first, in any
    letter case; None when there are none."""
    words = sorted({word for word in words if word.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class TermExplainer:
    """Walks a lesson's texts in reading order and explains each glossary term at
    its first use: the word as a <dfn>, its explanation right after it in
    brackets. Plain HTML, so it reads without JavaScript and is read aloud."""

    def __init__(self, terms):
        self.terms = {html.escape(term.term).casefold(): term for term in terms}
        self.pattern = terms_pattern(html.escape(term.term) for term in terms)
        self.explained = set()

    def mark_explained(self, term):
        """The term is explained by a block of its own (a glossary block)."""
        if term is not None:
            self.explained.add(term.pk)

    def plain(self, text):
        """Plain text with line breaks, as the lesson shows it, terms explained."""
        return mark_safe(self._explain(linebreaksbr(text, autoescape=True)))

    def rich(self, markup):
        """Rendered rich text, terms explained in its text but never in a link."""
        parts = []
        in_link = 0
        for part in TAG.split(markup):
            if part.startswith("<"):
                link = LINK_TAG.match(part)
                if link:
                    in_link += -1 if link.group(1) else 1
                parts.append(part)
            else:
                parts.append(part if in_link else self._explain(part))
        return mark_safe("".join(parts))

    def _explain(self, escaped_text):
        if self.pattern is None:
            return escaped_text
        return self.pattern.sub(self._first_use, escaped_text)

    def _first_use(self, match):
        word = match.group(0)
        term = self.terms.get(word.casefold())
        if term is None or term.pk in self.explained:
            return word
        self.explained.add(term.pk)
        return format_html(
            '<dfn>{}</dfn> <span class="term-note">({}: {})</span>',
            mark_safe(word),  # already escaped: a piece of the escaped text
            pgettext("glossary note before an explanation", "meaning"),
            term.explanation,
        )


def used_terms(text, pattern, terms_by_word):
    """The terms whose words occur in the text."""
    if pattern is None:
        return set()
    return {
        terms_by_word[match.group(0).casefold()]
        for match in pattern.finditer(text)
        if match.group(0).casefold() in terms_by_word
    }
