"""The CJK character classes, each defined once: every rule that tells Chinese text apart reads them here.

Each class is the body of a regular-expression character class (``f"[{IDEOGRAPHS}]"``), and a
compiled pattern for one character of it. They differ on purpose:

* ``IDEOGRAPHS``, Han characters (the unified blocks, compatibility ideographs, the
  supplementary planes): what search cuts into bigrams and a link trail may hold.
* ``WIDE``, ideographs with the CJK symbols, punctuation, kana and bopomofo before them and
  Hangul: characters that stand as punctuation for emphasis, since no space separates them.
* ``UNSPACED``, ideographs with the CJK symbols and the full-width forms: a line break between
  two of them is no space.
"""

from __future__ import annotations

import re

# Han: the extension-A and unified blocks, compatibility ideographs, planes 2 and 3.
IDEOGRAPHS = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Radicals, CJK symbols and punctuation (、。「」), kana, bopomofo, enclosed and compatibility forms.
SYMBOLS = "\u2e80-\u33ff"
HANGUL = "\uac00-\ud7af"
FULL_WIDTH = "\uff00-\uffef"

WIDE = SYMBOLS + IDEOGRAPHS + HANGUL
UNSPACED = SYMBOLS + IDEOGRAPHS + FULL_WIDTH

IDEOGRAPH_RUN = re.compile(f"[{IDEOGRAPHS}]+")
WIDE_CHARACTER = re.compile(f"[{WIDE}]")
UNSPACED_CHARACTER = re.compile(f"[{UNSPACED}]")
# A letter or digit of a word that is no ideograph: what search keeps whole (Latin, Cyrillic, kana …).
WORD_CHARACTER = re.compile(f"[^\\W{IDEOGRAPHS}_]")
