"""One call of the Action API: its parameters read as MediaWiki reads them, its warnings, its output's shapes.

MediaWiki's rules, kept here once for every module: a flag is true when present (whatever its value);
a list is split on ``|`` (or on U+001F when the value starts with it) and holds at most 50 values for
anonymous readers; a limit takes ``max`` and is capped at 500 with a warning; an unknown value of a
list is a warning, of a single choice an error; every parameter a module did not read is reported
as unrecognised. ``formatversion`` 1 and 2 differ in how flags, text and page maps are written, so
modules write through ``flag()``, ``text_key`` and ``pages()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime

from wikitext.variants import NO_CONVERSION, VARIANTS_BY_CODE, Variant, convert_text

from .errors import ApiError

MAX_VALUES = 50  # values of a list parameter for a reader without apihighlimits, as MediaWiki allows
MAX_LIMIT = 500  # results a list module gives at most per call ("max"), as MediaWiki allows anonymous readers
MAX_VALUE_LENGTH = 8192  # characters of any one parameter looked at: past this it is refused, never read

# Parameters of the main module and of action=query itself, read by the view and the query module.
GENERAL = frozenset(
    {
        "action", "format", "formatversion", "origin", "variant", "uselang", "utf8", "ascii", "errorformat",
        "errorlang", "errorsuselocal", "maxlag", "smaxage", "maxage", "assert", "assertuser", "requestid",
        "servedby", "curtimestamp", "responselanginfo", "centralauthtoken",
    }
)  # fmt: skip


def is_id(value: str) -> bool:
    """Whether ``value`` is an id as clients send one: ASCII digits, at most ten (``int`` takes other digits too)."""
    return re.fullmatch(r"[0-9]{1,10}", value) is not None


def timestamp(moment: datetime | None) -> str:
    """A time as MediaWiki writes it: ISO 8601 in UTC, to the second, with ``Z``."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Call:
    """The parameters of one request, what was read of them, the warnings given, and the output's version."""

    def __init__(self, values: Mapping[str, str]):
        self.values = dict(values)
        self.read: set[str] = set(GENERAL)
        self.warnings: dict[str, list[str]] = {}
        for name, value in self.values.items():
            if len(value) > MAX_VALUE_LENGTH:
                raise ApiError(
                    "toolong", f'The value of parameter "{name}" is longer than {MAX_VALUE_LENGTH} characters.'
                )
            if "\x00" in value or "\x00" in name:
                # No text here holds one, and PostgreSQL refuses it in a query's parameters.
                raise ApiError("badvalue", f'The value of parameter "{name}" holds a NUL character.')
        self.formatversion = self._formatversion()
        self.variant = self._variant()

    # Reading parameters.

    def has(self, name: str) -> bool:
        self.read.add(name)
        return name in self.values

    def get(self, name: str, default: str | None = None) -> str | None:
        self.read.add(name)
        return self.values.get(name, default)

    def flag(self, name: str) -> bool:
        """MediaWiki's booleans: present means true, whatever the value (``false`` too)."""
        return self.has(name)

    def choice(self, name: str, allowed: Iterable[str], default: str | None = None) -> str | None:
        value = self.get(name)
        if value is None or (value == "" and default is not None):
            return default
        if value not in allowed:
            raise ApiError("badvalue", f'Unrecognized value for parameter "{name}": {value}.')
        return value

    def many(self, name: str, allowed: Iterable[str] | None = None, module: str = "main") -> list[str]:
        """A list parameter's values, each once; unknown ones warned of and left out when ``allowed`` is given."""
        value = self.get(name)
        if not value:
            return []
        values = value[1:].split("\x1f") if value.startswith("\x1f") else value.split("|")
        if len(values) > MAX_VALUES:
            raise ApiError(
                "toomanyvalues", f'Too many values supplied for parameter "{name}". The limit is {MAX_VALUES}.'
            )
        values = list(dict.fromkeys(values))
        if allowed is None:
            return values
        allowed = set(allowed)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            noun = "value" if len(unknown) == 1 else "values"
            self.warn(module, f'Unrecognized {noun} for parameter "{name}": {", ".join(unknown)}.')
        return [v for v in values if v in allowed]

    def integer(self, name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise ApiError("badinteger", f'Invalid value "{value}" for integer parameter "{name}".') from None
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.warn("main", f'The value "{value}" for parameter "{name}" must be {bounds}.')
            number = max(number, minimum) if maximum is None else min(max(number, minimum), maximum)
        return number

    def limit(self, name: str, module: str, default: int = 10, maximum: int = MAX_LIMIT) -> int:
        """A ``…limit`` parameter: a number from 1, or ``max``; over the maximum, capped with MediaWiki's warning."""
        value = self.get(name)
        if value is None or value == "":
            return default
        if value == "max":
            return maximum
        try:
            number = int(value.strip())
        except ValueError:
            raise ApiError("badinteger", f'Invalid value "{value}" for integer parameter "{name}".') from None
        if number > maximum:
            self.warn(module, f"{name} may not be over {maximum} (set to {number}) for users.")
            return maximum
        if number < 1:
            self.warn(module, f'The value "{value}" for parameter "{name}" must be between 1 and {maximum}.')
            return 1
        return number

    def time(self, name: str) -> datetime | None:
        """A timestamp parameter (ISO 8601 with its zone, as MediaWiki writes them), or None when not given."""
        value = self.get(name)
        if value is None:
            return None
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ApiError("badtimestamp", f'Invalid value "{value}" for timestamp parameter "{name}".')
        return moment

    def unrecognized(self) -> list[str]:
        return sorted(name for name in self.values if name not in self.read)

    # Warnings.

    def warn(self, module: str, text: str) -> None:
        if text not in self.warnings.setdefault(module, []):
            self.warnings[module].append(text)

    # The output's shapes.

    @property
    def text_key(self) -> str:
        """Where a text value goes: ``*`` in formatversion 1, a named key in 2 (given by the module)."""
        return "*" if self.formatversion == 1 else ""

    def put_flag(self, entry: dict, name: str, value: bool = True) -> None:
        """A boolean as each version writes it: 1 has the key (``""``) or not, 2 has true (or false where asked)."""
        if self.formatversion == 1:
            if value:
                entry[name] = ""
        else:
            entry[name] = value

    def put_text(self, entry: dict, name: str, text: str) -> None:
        entry["*" if self.formatversion == 1 else name] = text

    def pages(self, entries: list[dict]) -> dict | list:
        """``query.pages``: keyed by page id (missing pages by -1, -2 …) in 1, a list in 2."""
        if self.formatversion == 2:
            return entries
        keyed = {}
        missing = 0
        for entry in entries:
            if "pageid" in entry and entry["pageid"] > 0:
                keyed[str(entry["pageid"])] = entry
            else:
                missing -= 1
                keyed[str(missing)] = entry
        return keyed

    def display(self, title: str) -> str:
        """A title as this call shows it: in the variant asked, else as stored."""
        return convert_text(title, self.variant) if self.variant.converts else title

    # Set up.

    def _formatversion(self) -> int:
        value = self.choice("formatversion", ("1", "2", "latest"), default="1")
        return 2 if value in ("2", "latest") else 1

    def _variant(self) -> Variant:
        """``variant``, else ``uselang`` when it names a variant: the script titles and text come in."""
        code = self.get("variant")
        if code:
            if code not in VARIANTS_BY_CODE:
                raise ApiError("badvalue", f'Unrecognized value for parameter "variant": {code}.')
            return VARIANTS_BY_CODE[code]
        language = (self.get("uselang") or "").lower()
        return VARIANTS_BY_CODE.get(language, NO_CONVERSION)
