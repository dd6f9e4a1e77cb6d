"""The rich console every command prints its tables on."""

from __future__ import annotations

from rich.console import Console

__all__ = ["stdout_console"]

#: Width of a page when stdout is a pipe or a file: rich's default of 80 columns would cut
#: amounts and names in the middle.
PIPED_WIDTH = 160


def stdout_console(*, width: int | None = None, highlight: bool = True) -> Console:
    """Return a console for stdout: the terminal's width, or a wide page when piped.

    ``width`` is the width the content needs, when the caller knows it (piped output only).
    """
    console = Console(highlight=highlight)
    if console.is_terminal:
        return console
    return Console(highlight=highlight, width=max(80, width or PIPED_WIDTH), soft_wrap=False)
