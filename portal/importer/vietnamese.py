"""Vietnamese text helpers shared by the importer stages.

``fold`` removes every diacritic (and maps đ to d) so that matching survives
typos and OCR damage; ``is_syllable`` checks one word against the written
syllable grammar of Vietnamese (onset + rhyme + at most one tone mark, and
the rule that a syllable closed by c, ch, p or t carries the sắc or nặng tone).
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks, as combining characters after NFD decomposition.
_TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STOP_TONES = {"\u0301", "\u0323"}

_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
# Nuclei that end the syllable (their last letter is a glide) ...
_OPEN_NUCLEI = (
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu oai oao oay oeo uây uôi uyu "
    "ươi ươu iêu yêu ia ua ưa uya"
).split()
# ... and nuclei that may take a final consonant (some must).
_CLOSABLE_NUCLEI = "a ă â e ê i o ô ơ u ư y oa oă oe uâ uê uy uơ iê yê uô ươ uyê".split()
_CODA = "ngh|ng|nh|ch|[cmnpt]"


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"^(?:{_ONSET})?(?:(?:{_alternation(_OPEN_NUCLEI)})|(?:{_alternation(_CLOSABLE_NUCLEI)})(?P<coda>{_CODA})?)$"
)

PROVINCES = (
    "An Giang, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định, "
    "Bình Dương, Bình Phước, Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông, "
    "Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương, "
    "Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu, "
    "Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ, "
    "Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, "
    "Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Tiền Giang, "
    "Thành phố Hồ Chí Minh, Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái"
).split(", ")
# Cities directly under the central government: "thành phố X", the rest "tỉnh X".
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh"}
PROPER_NOUNS = (*PROVINCES, "Việt Nam", "Trung ương")


def fold(text: str) -> str:
    """Lower-case ``text`` with every diacritic removed (đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_syllable(word: str) -> bool:
    """Whether ``word`` is a well-formed written Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _SYLLABLE.match(base)
    if match is None:
        return False
    coda = match.group("coda")
    if coda in ("c", "ch", "p", "t") and not (tones and tones[0] in _STOP_TONES):
        return False
    return True


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_upper(text: str) -> bool:
    """All letters upper case (and at least two of them)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def restore_proper_nouns(text: str) -> str:
    """Re-capitalise place names and a few fixed names after lower-casing."""
    for name in PROPER_NOUNS:
        text = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, text)
    return text


def sentence_case(text: str) -> str:
    """``MỤC ĐÍCH, YÊU CẦU`` -> ``Mục đích, yêu cầu`` (place names and
    abbreviations such as UBND, which are not syllables, kept)."""
    words = re.split(r"(\W+)", text)
    lowered = "".join(w if (w.isalpha() and w.isupper() and not is_syllable(w)) else w.lower() for w in words)
    lowered = restore_proper_nouns(lowered)
    return lowered[:1].upper() + lowered[1:]


_BODY_TYPES = ("Sở", "Bộ", "Ban", "Cục", "Tổng cục", "Chi cục", "Vụ", "Viện", "Trung tâm", "Văn phòng", "Thanh tra",
               "Phòng", "Đài", "Báo")
_LEVELS = ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường")


def agency_case(text: str) -> str:
    """An agency's name as Vietnamese writes it: ``SỞ THÔNG TIN VÀ TRUYỀN THÔNG`` ->
    ``Sở Thông tin và Truyền thông`` (the field after the body type, and after
    "và", is capitalised; an administrative level such as "tỉnh" is not)."""
    text = sentence_case(text) if is_upper(text) else text
    for body in sorted(_BODY_TYPES, key=len, reverse=True):
        if text.startswith(body + " "):
            head, rest = body, text[len(body) + 1 :]
            words = rest.split(" ")
            for index, word in enumerate(words):
                if word and (index == 0 or words[index - 1] == "và") and word not in _LEVELS:
                    words[index] = word[:1].upper() + word[1:]
            return f"{head} {' '.join(words)}"
    return text


def lower_first(text: str) -> str:
    """Lower-case the first word unless it starts a proper noun."""
    for name in PROPER_NOUNS:
        if text.startswith(name):
            return text
    return text[:1].lower() + text[1:]


def canonical_place(text: str) -> str | None:
    """The province or city named by ``text`` (diacritics, case and a ``TP.``/``Tỉnh`` prefix forgiven)."""
    folded = re.sub(r"^(tp\.?|thanh pho|tinh)\s+", "", re.sub(r"\s+", " ", fold(text).strip()))
    for name in PROVINCES:
        if re.sub(r"^thanh pho ", "", fold(name)) == folded:
            return name
    return None


def slugify(text: str) -> str:
    """An ASCII slug: ``Hà Nội 2015–2017`` -> ``ha-noi-2015-2017``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
