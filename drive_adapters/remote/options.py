"""Declared target options, parsed in one place (like rclone's ``fs.Option``).

A target spec carries options after ``?`` (``gdrive:shared:Team?concurrency=8``). Each target
declares what it accepts as a tuple of :class:`Option` (name, kind, default, bounds, help, and a
``secret`` flag); :func:`parse_options` is the only code that reads the raw strings. It refuses
an unknown name (with the nearest declared one) and a value of the wrong kind or out of bounds,
saying the option and what is allowed, never echoing a secret value and never a Python repr.
:func:`redacted` gives the options as they may be shown or stored: a secret value is replaced
by ``***``. :func:`markdown_table` renders a declaration for the README (a test keeps the README
in step with the declarations).
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from drive_adapters.base import DriveError

__all__ = [
    "CONCURRENCY",
    "HIDDEN",
    "RETRY_SCALE",
    "Kind",
    "Option",
    "OptionError",
    "TargetOptions",
    "markdown_table",
    "parse_options",
    "redacted",
]

#: What a secret value is shown as.
HIDDEN = "***"


class Kind(enum.StrEnum):
    """What an option's value is."""

    INT = "int"
    FLOAT = "float"
    TEXT = "text"
    PATH = "path"
    CHOICE = "choice"


class OptionError(DriveError):
    """A target option is unknown or its value is not allowed; the message says which."""


Value = int | float | str | None


@dataclass(frozen=True, slots=True)
class Option:
    """One declared target option.

    ``minimum``/``maximum`` are inclusive unless ``above`` (then the value must be greater than
    ``minimum``); ``multiple_of`` is for sizes the service wants in units; ``choices`` for
    :attr:`Kind.CHOICE`. A ``secret`` value never appears in a message, plan, journal or log.
    """

    name: str
    kind: Kind
    default: Value
    help: str
    minimum: float | None = None
    maximum: float | None = None
    above: bool = False
    multiple_of: int | None = None
    choices: tuple[str, ...] = ()
    secret: bool = False

    def allowed(self) -> str:
        """What values are allowed, in words (for errors and the README)."""
        if self.kind is Kind.CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.kind in (Kind.TEXT, Kind.PATH):
            return "a file path" if self.kind is Kind.PATH else "text"
        words = "a whole number" if self.kind is Kind.INT else "a number"
        bounds = []
        if self.minimum is not None:
            edge = _number(self.minimum)
            bounds.append(f"above {edge}" if self.above else f"at least {edge}")
        if self.maximum is not None:
            bounds.append(f"at most {_number(self.maximum)}")
        if self.multiple_of:
            bounds.append(f"a multiple of {self.multiple_of}")
        if not bounds:
            return words
        first = "of " if bounds[0].startswith("at ") else ""
        said = bounds[0] if len(bounds) == 1 else f"{', '.join(bounds[:-1])} and {bounds[-1]}"
        return f"{words} {first}{said}"

    def parse(self, raw: str, scheme: str) -> Value:
        """The typed value of ``raw``; :class:`OptionError` when it is not allowed."""
        text = raw.strip()
        if self.kind in (Kind.TEXT, Kind.PATH):
            return raw
        if self.kind is Kind.CHOICE:
            if text not in self.choices:
                raise self._refused(raw, scheme)
            return text
        try:
            value: int | float = int(text) if self.kind is Kind.INT else float(text)
        except ValueError:
            raise self._refused(raw, scheme) from None
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            raise self._refused(raw, scheme)
        low, high = self.minimum, self.maximum
        if low is not None and (value <= low if self.above else value < low):
            raise self._refused(raw, scheme)
        if high is not None and value > high:
            raise self._refused(raw, scheme)
        if self.multiple_of and int(value) % self.multiple_of:
            raise self._refused(raw, scheme)
        return value

    def _refused(self, raw: str, scheme: str) -> OptionError:
        given = "the value given" if self.secret else f'"{raw}"'
        return OptionError(
            f"The {scheme} option {self.name} must be {self.allowed()}; {given} is not."
        )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class TargetOptions:
    """Parsed option values of one target: every declared option, given or default."""

    scheme: str
    values: Mapping[str, Value]
    given: frozenset[str] = field(default_factory=frozenset)  #: set explicitly (non-empty)

    def _get(self, name: str) -> Value:
        if name not in self.values:
            raise KeyError(f"{self.scheme} declares no option {name}")
        return self.values[name]

    def int(self, name: str) -> int:
        value = self._get(name)
        assert isinstance(value, int), name
        return value

    def float(self, name: str) -> float:
        value = self._get(name)
        assert isinstance(value, int | float), name
        return float(value)

    def text(self, name: str) -> str | None:
        """The value as text; ``None`` when it has no value and no default."""
        value = self._get(name)
        return None if value is None else str(value)

    def is_set(self, name: str) -> bool:
        """Whether the spec gave this option (a non-empty value)."""
        self._get(name)
        return name in self.given


#: Options every cloud target declares alike (both packages put them in their ``OPTIONS``).
CONCURRENCY = Option("concurrency", Kind.INT, 4, "Requests in flight at once.", minimum=1)
RETRY_SCALE = Option(
    "retry_scale",
    Kind.FLOAT,
    1.0,
    "Multiplies every wait of the pacer (backoff and Retry-After); tests use 0.001.",
    minimum=0,
    above=True,
)


def parse_options(scheme: str, declared: Sequence[Option], raw: Mapping[str, str]) -> TargetOptions:
    """Check ``raw`` against ``declared`` and type it. An empty value means the default."""
    by_name = {option.name: option for option in declared}
    unknown = sorted(set(raw) - set(by_name))
    if unknown:
        name = unknown[0]
        near = difflib.get_close_matches(name, list(by_name), n=1)
        hint = f" Did you mean {near[0]}?" if near else ""
        known = ", ".join(sorted(by_name)) or "none"
        raise OptionError(
            f"The {scheme} target has no option {name}.{hint} Its options are: {known} "
            "(see the README, Target options)."
        )
    values: dict[str, Value] = {}
    given: set[str] = set()
    for option in declared:
        text = raw.get(option.name)
        if text is None or text == "":
            values[option.name] = option.default
        else:
            values[option.name] = option.parse(text, scheme)
            given.add(option.name)
    return TargetOptions(scheme, values, frozenset(given))


def redacted(declared: Sequence[Option], raw: Mapping[str, str]) -> dict[str, str]:
    """``raw`` as it may be shown, stored or logged: a secret (or undeclared) value is hidden."""
    public = {option.name for option in declared if not option.secret}
    return {key: value if key in public else HIDDEN for key, value in raw.items()}


def markdown_table(scheme: str, declared: Sequence[Option]) -> str:
    """The README table of a target's options."""
    lines = [
        f"| `{scheme}` option | Allowed | Default | What it does |",
        "|---|---|---|---|",
    ]
    for option in declared:
        default = "" if option.default is None else f"`{_shown_default(option.default)}`"
        secret = " Secret: never shown, stored or logged." if option.secret else ""
        lines.append(
            f"| `{option.name}` | {option.allowed()} | {default} | {option.help}{secret} |"
        )
    return "\n".join(lines) + "\n"


def _shown_default(value: Value) -> str:
    if isinstance(value, float):
        return _number(value)
    return str(value)
