"""The guard at the top of every command: a bug in mc must not reach a user as a Python
traceback. It prints one line naming the input and the cause, keeps the traceback in a file
for the report, and exits with EXIT_INTERNAL. No input should ever get here; tests say so."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextvars import ContextVar

import click

EXIT_INTERNAL = 70  # EX_SOFTWARE of sysexits.h

CURRENT_INPUT: ContextVar[str | None] = ContextVar("CURRENT_INPUT", default=None)
PASSED_THROUGH = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


@contextlib.contextmanager
def reading(path: str) -> Iterator[None]:
    """Name ``path`` as the input being worked on, for the report of an internal error."""
    token = CURRENT_INPUT.set(path)
    try:
        yield
    except Exception as error:
        if not hasattr(error, "mc_input"):
            error.mc_input = path  # the guard names the input after this block has been left
        raise
    finally:
        CURRENT_INPUT.reset(token)


class GuardedGroup(click.Group):
    """A click group whose commands' unexpected exceptions become an internal-error report."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PASSED_THROUGH:
            raise
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # click's own handling of a closed pipe (mc check ... | head)
            report_internal_error(error)
        except Exception as error:  # noqa: BLE001 (this is the one place that catches all)
            report_internal_error(error)
        ctx.exit(EXIT_INTERNAL)


def report_internal_error(error: BaseException) -> None:
    """One line for the user; the traceback in a file they can attach to a report."""
    where = getattr(error, "mc_input", None) or CURRENT_INPUT.get()
    cause = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
    saved = save_traceback(error, where)
    subject = f"{where}: " if where else ""
    click.echo(f"internal error in mc (please report): {subject}{cause}", err=True)
    if saved:
        click.echo(f"the traceback is in {saved}", err=True)


def save_traceback(error: BaseException, where: str | None) -> str | None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = os.path.join(tempfile.gettempdir(), f"mc-internal-error-{stamp}-{os.getpid()}.txt")
    text = "".join(traceback.format_exception(error))
    try:
        with open(path, "w", encoding="utf-8") as file:
            file.write(f"input: {where}\n\n{text}")
    except OSError:
        return None
    return path


__all__ = ["EXIT_INTERNAL", "GuardedGroup", "reading"]
