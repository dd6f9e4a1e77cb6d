"""The rich console every command prints its tables on, and literal text for it.

Text from documents (SKUs, party names, notes, rule and list text) must reach the terminal as
written: never read as rich markup (``[/red]`` in a SKU), never turned into an emoji
(``:warning:``), never passed to the terminal as a control sequence (an ESC in a name). The
console below never replaces emoji codes and shows control characters as ``\\x1b``-style
escapes in every string it renders; commands that print data build it with ``markup=False``
and style their own words with :func:`literal` (or rich ``Text``), so no data is ever parsed
as markup.
"""

from __future__ import annotations

import errno
import os
import re
from typing import Any

from rich.console import Console
from rich.text import Text

__all__ = ["literal", "stdout_console", "visible"]

#: Width of a page when stdout is a pipe or a file: rich's default of 80 columns would cut
#: amounts and names in the middle.
PIPED_WIDTH = 160
#: C0 controls but tab and newline, DEL and the C1 controls: a terminal acts on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    r"""Return ``text`` with control characters written out (``"a\x1bb"`` -> ``"a\\x1bb"``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def literal(*parts: str | tuple[str, str]) -> Text:
    """Join ``parts`` (plain strings or ``(text, style)`` pairs) into Text, none read as markup."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(visible(part[0]), style=part[1])
        else:
            text.append(visible(part))
    return text


class _Console(Console):
    """A Console that shows control characters in every string it renders as text."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Text:
        return super().render_str(visible(text), *args, **kwargs)

    def on_broken_pipe(self) -> None:
        """Let a closed pipe reach the command (rich's own exits 1, whatever the outcome).

        The exit code is chosen by :mod:`pricing_engine.cli._pipe`: a refusal stays one.
        """
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def stdout_console(*, width: int | None = None, highlight: bool = True,
                   markup: bool = True) -> Console:
    """Return a console for stdout: the terminal's width, or a wide page when piped.

    ``width`` is the width the content needs, when the caller knows it (piped output only).
    With ``markup=False`` no string printed on it (table cells, titles) is read as markup:
    the choice for a command that prints data, styling its own words with :func:`literal`.
    Emoji codes are never replaced.
    """
    console = _Console(highlight=highlight, markup=markup, emoji=False)
    if console.is_terminal:
        return console
    return _Console(highlight=highlight, markup=markup, emoji=False,
                    width=max(80, width or PIPED_WIDTH), soft_wrap=False)
