"""Which legacy encoding a non-UTF-8 file is in, decided by the evidence of its letters.

charset-normalizer alone guesses Windows-1250 (Central European) for many Spanish, French or
Mac files: "diseño" becomes "diseńo", "£" becomes "Ł". Every single-byte code page decodes any
byte, so the question is which reading gives text a language could have. Each candidate's
decoding is scored on its non-ASCII characters: letters that fit one language's alphabet,
typographic punctuation and currency count for it; control characters, symbols inside words
and capitals inside lower-case words count against it. Windows-1252 wins ties: it is by far
the most common legacy encoding in uploaded tables.
"""

from __future__ import annotations

import codecs
import unicodedata

# Accented letters of the languages each candidate code page is written in.
_ALPHABETS = {
    "spanish": set("áéíóúñüÁÉÍÓÚÑÜ"),
    "french": set("àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ"),
    "german": set("äöüßÄÖÜ"),
    "portuguese": set("ãõáâêéíóôúàçÃÕÁÂÊÉÍÓÔÚÀÇ"),
    "italian": set("àèéìíòóùúÀÈÉÌÒÙ"),
    "nordic": set("åäöæøéÅÄÖÆØÉ"),
    "dutch": set("éëïóöüÉËÏÓÖÜ"),
    "polish": set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"),
    "czech": set("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"),
    "hungarian": set("áéíóöőúüűÁÉÍÓÖŐÚÜŰ"),
    "croatian": set("čćđšžČĆĐŠŽ"),
    "romanian": set("ăâîșțşţĂÂÎȘȚŞŢ"),
}
_GOOD_SYMBOLS = set("’‘“”–—…€£¥§°±×·«»¿¡©®™½¼¾µ•¢")
_WESTERN = ("cp1252", "latin_1", "mac_roman")
_CANDIDATES = ("cp1252", "cp1250", "mac_roman", "latin_1")


def guess_encoding(sample: bytes) -> str | None:
    """The codec name of the most plausible legacy encoding of ``sample``, or None."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bare = utf16_without_bom(sample)
    if bare is not None:
        return bare
    candidates = list(_CANDIDATES)
    other = _charset_normalizer_guess(sample)
    if other is not None and other not in candidates:
        candidates.append(other)
    best: tuple[float, int, str] | None = None
    for order, name in enumerate(candidates):
        try:
            text = sample.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _score(text, multibyte=name not in _CANDIDATES)
        key = (score, -order, name)
        if best is None or key[:2] > best[:2]:
            best = key
    return codecs.lookup(best[2]).name if best is not None else None


def utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text written without a byte-order mark, or None.

    Exports of Excel ("Unicode text"), SQL Server and some portals: Latin letters, digits and
    separators are one zero byte and one character byte, so the zero bytes sit on one side of
    each pair. Decided on the first 4 KiB: most bytes of one side are zero, almost none of the
    other side, and the text decodes with few control characters (binary data with zeros
    fails one of these).
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # with its mark: "utf-16" reads it and drops the mark
    head = sample[:4096]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8 or b"\x00" not in head:
        return None
    pairs = len(head) // 2
    even_zeros = head[0::2].count(0) / pairs
    odd_zeros = head[1::2].count(0) / pairs
    if odd_zeros >= 0.5 and even_zeros <= 0.02:
        name = "utf-16-le"
    elif even_zeros >= 0.5 and odd_zeros <= 0.02:
        name = "utf-16-be"
    else:
        return None
    text = head.decode(name, errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return name if controls <= len(text) * 0.01 and "\ufffd" not in text[:-1] else None


def _charset_normalizer_guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(sample).best()
    if match is None:
        return None
    try:
        return codecs.lookup(match.encoding).name
    except LookupError:
        return None


def _score(text: str, multibyte: bool) -> float:
    """Per non-ASCII character: +1 plausible, negative implausible; 0 for pure ASCII."""
    letters: list[str] = []
    score = 0.0
    count = 0
    for index, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        count += 1
        category = unicodedata.category(ch)
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if category == "Cc" or category == "Co" or ch == "\ufffd":
            score -= 5
        elif category.startswith("L"):
            if ord(ch) >= 0x370:  # Greek, Cyrillic, CJK...: judged by the multibyte decoders
                score += 1 if multibyte else -1
                continue
            letters.append(ch)
            if ch.isupper() and before.islower() and after.islower():
                score -= 2  # "donÕt": a capital inside a lower-case word
        elif ch in _GOOD_SYMBOLS:
            score += 1
        elif before.isalpha() and after.isalpha():
            score -= 3  # "z³oty": a symbol inside a word
        else:
            score -= 1
    if letters:
        fit = max(sum(1 for ch in letters if ch in alphabet) for alphabet in _ALPHABETS.values())
        score += fit - (len(letters) - fit)
    return score / count if count else 0.0
