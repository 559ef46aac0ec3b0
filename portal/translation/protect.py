"""What a model sees of a sentence, and how its output is put back: the protection layer.

Every translation goes through :class:`ProtectedTranslator`, a wrapper around
any :class:`~portal.translation.backends.Backend`: the protected pieces of a
sentence (:mod:`portal.translation.segment` lists them) and the glossary's
terms (:meth:`portal.glossary.Glossary.find`) become placeholders ``⟨k⟩`` in
the text given to the backend, and are put back and verified in its output
(:func:`restore`; the rules are in :mod:`portal.translation.segment`'s
docstring).  A sentence wrapped whole in markup is sent without its wrapper;
a sentence of nothing but terms, codes and markup is not sent at all.  So
whatever backend translates -- the in-process Argos engine, a LibreTranslate
server, a pivot through English, the memory -- the glossary's renderings
and the page's structure survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.languages import Language
from portal.translation.backends import Backend
from portal.translation.segment import ATOM, MARKUP, PLACEHOLDER, PLACEHOLDER_RE, TERM, Protected, Sentence, Unit



@dataclass(frozen=True, slots=True)
class ModelInput:
    """A sentence as the model sees it, with what to put back."""

    text: str
    slots: tuple[Protected, ...]
    """Indexed by placeholder number."""
    skipped_terms: tuple[Protected, ...] = ()
    """Glossary terms that could not be protected (they cross markup)."""


def model_input(sentence: Sentence, terms: list[Protected] = ()) -> ModelInput:
    """Replace protected pieces (and glossary ``terms``) by placeholders.

    A term swallows the atoms inside it (``Nghị định số 72/2015/NĐ-CP`` is one
    term, not text plus a protected code); a term that would cut through a
    protected piece or contain markup is skipped and reported.
    """
    pieces = list(sentence.protected)
    skipped = []
    for term in terms:
        inside = [p for p in pieces if term.start <= p.start and p.end <= term.end]
        crossing = [p for p in pieces if p.start < term.end and term.start < p.end and p not in inside]
        if crossing or any(p.kind != ATOM for p in inside):
            skipped.append(term)
            continue
        pieces = [p for p in pieces if p not in inside] + [term]
    pieces.sort(key=lambda p: p.start)
    out, position = [], 0
    for number, piece in enumerate(pieces):
        out.append(sentence.plain[position:piece.start])
        out.append(PLACEHOLDER.format(number))
        position = piece.end
    out.append(sentence.plain[position:])
    return ModelInput("".join(out), tuple(pieces), tuple(skipped))


def outer_markup(inp: ModelInput) -> tuple[str, str, str]:
    """Split a model input into (leading markup, core, trailing markup).

    A sentence wrapped whole in emphasis or a link (``**SỞ NGOẠI VỤ**``)
    needs no model to keep its wrapper: only the core is translated and the
    wrapper's placeholders are put back around the output, in order, so a
    model that drops them cannot lose the markup.
    """
    head: list[re.Match] = []
    tail: list[re.Match] = []
    core = inp.text
    while (match := re.match(r"⟨(\d+)⟩", core)) and inp.slots[int(match[1])].kind == MARKUP:
        head.append(match)
        core = core[match.end() :]
    while (match := re.search(r"⟨(\d+)⟩$", core)) and inp.slots[int(match[1])].kind == MARKUP:
        tail.insert(0, match)
        core = core[: match.start()]
    # Only a wrapper whose openers are closed by its closers ("**x**",
    # "[x](url)") is taken off: "**Điều 1.** … **x**" keeps its markup.
    closer_of = _markup_pairs(inp)
    openers = [int(m[1]) for m in head]
    closers = [int(m[1]) for m in reversed(tail)]
    if not head or len(openers) != len(closers) or any(closer_of.get(o) != c for o, c in zip(openers, closers)):
        return "", inp.text, ""
    return "".join(m[0] for m in head), core, "".join(m[0] for m in tail)


def _markup_pairs(inp: ModelInput) -> dict[int, int]:
    """Which markup slot closes which, scanning left to right like the parser."""
    pairs, stack = {}, []
    for match in PLACEHOLDER_RE.finditer(inp.text):
        number = int(match[1])
        slot = inp.slots[number]
        if slot.kind != MARKUP:
            continue
        opener = inp.slots[stack[-1]].text if stack else None
        if opener is not None and (opener == slot.text or (opener == "[" and slot.text.startswith("]("))):
            pairs[stack.pop()] = number
        else:
            stack.append(number)
    return pairs


@dataclass(frozen=True, slots=True)
class Restored:
    text: str
    """Markdown to put in place of the sentence."""
    unchanged: bool
    """True when the result equals the source (keep the source bytes)."""
    appended: tuple[str, ...] = ()
    """Atoms or terms the model dropped, re-appended at the end."""
    dropped_duplicates: int = 0
    fell_back: bool = False
    """Markup came back broken: the source sentence was kept."""


_MODEL_TEXT_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*[]<>"})


def restore(
    output: str, inp: ModelInput, sentence: Sentence, *, table: bool = False, quote: bool = False,
    escape: bool = True, space: str = " "
) -> Restored:
    """Put the protected pieces back into a model output and verify them."""
    parts = []  # (text, from_model)
    seen: dict[int, int] = {}
    order: list[int] = []
    position = 0
    duplicates = 0
    for match in PLACEHOLDER_RE.finditer(output):
        number = int(match.group(1))
        parts.append((output[position:match.start()], True))
        position = match.end()
        if number >= len(inp.slots):
            continue
        seen[number] = seen.get(number, 0) + 1
        if seen[number] > 1:
            duplicates += 1
            if parts and parts[-1][1] and parts[-1][0].endswith(" "):
                parts[-1] = (parts[-1][0][:-1], True)
            continue
        order.append(number)
        parts.append((inp.slots[number].text, False))
    parts.append((output[position:], True))
    markup = [i for i, s in enumerate(inp.slots) if s.kind == MARKUP]
    if [i for i in order if i in markup] != markup:
        return Restored(sentence.plain, False, fell_back=True, dropped_duplicates=duplicates)
    appended = []
    for i, slot in enumerate(inp.slots):
        if i not in seen:
            appended.append(slot.text)
    plain_result = "".join(text for text, _ in parts)
    if appended:
        plain_result = plain_result.rstrip() + "".join(space + a for a in appended)
    if not appended and plain_result == sentence.plain:
        return Restored(sentence.plain, True, dropped_duplicates=duplicates)

    def model_text(text: str) -> str:
        if escape:
            text = text.translate(_MODEL_TEXT_ESCAPES)
        if table:
            text = text.replace("|", "\\|")
        if quote:
            text = text.replace('"', "'")
        return text

    rendered = "".join(model_text(t) if from_model else t for t, from_model in parts)
    if appended:
        rendered = rendered.rstrip() + "".join(space + a for a in appended)
    return Restored(rendered, False, tuple(appended), duplicates)


def needs_model(model_text: str) -> bool:
    """Whether a model input has words left once its placeholders are taken out."""
    return any(char.isalpha() for char in PLACEHOLDER_RE.sub("", model_text))


@dataclass(slots=True)
class Translated:
    """One sentence's translation, restored, with what could not be enforced."""

    sentence: Sentence
    restored: Restored
    unenforced_terms: list[str]
    """Glossary entry ids not rendered in place (dropped and re-appended, in a sentence
    kept in the source language, or not protectable because they cross markup)."""


class ProtectedTranslator:
    """Translates segmented sentences into one language through any backend."""

    def __init__(self, backend: Backend, language: Language, glossary=None) -> None:
        self.backend = backend
        self.language = language
        self.glossary = glossary

    def terms(self, sentence: Sentence) -> list[Protected]:
        if self.glossary is None:
            return []
        return [Protected(span.start, span.end, span.target, TERM, span.entry_id)
                for span in self.glossary.find(sentence.plain, self.language.code)]

    def translate(self, items: list[tuple[Sentence, Unit]]) -> list[Translated]:
        """Every (sentence, its unit) translated in one backend call, in order."""
        inputs = [model_input(sentence, self.terms(sentence)) for sentence, _ in items]
        # The model sees each sentence without a wrapper of markup around it, and
        # not at all when nothing but glossary terms, codes and markup is left
        # (a bold agency name heading a table group).
        wrapped = [outer_markup(inp) for inp in inputs]
        from_model = iter(self.backend.translate_batch([core for _, core, _ in wrapped if needs_model(core)]))
        results = []
        for (sentence, unit), inp, (head, core, tail) in zip(items, inputs, wrapped):
            output = head + (next(from_model) if needs_model(core) else core) + tail
            restored = restore(
                output, inp, sentence, table=unit.kind == "table-cell", quote=unit.kind == "admonition-title",
                escape=unit.value is None, space=self.language.word_separator,
            )
            unenforced = [slot.term_id or slot.text for slot in inp.slots
                          if slot.kind == TERM and (restored.fell_back or slot.text in restored.appended)]
            unenforced += [term.term_id or term.text for term in inp.skipped_terms]
            results.append(Translated(sentence, restored, unenforced))
        return results
