"""Command groups whose heavier commands are imported only when run.

`cxcoach ask` and `cxcoach --help` must start in about a second; importing the interview, the
exports, the practice tutor or the database layer (which those modules pull in at import) costs
more than that on a busy 2-core machine. A lazy command is listed by name and one-line help (so
`--help` shows it without importing it) and imported when it is the command given, or when its own
help is asked for. tests/cli/test_startup.py checks that every listed line matches the real
command's help and that `ask` and `--help` import none of it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, ClassVar

import typer
from typer import _click as click  # typer builds on its own copy of click
from typer.core import TyperCommand, TyperGroup

from assistant.cli.language import interface_lang, localise, run_in_language, translate_help
from assistant.domain.common import Lang


def load_target(name: str, target: str) -> click.Command:
    """The click command for `target` ("module:attribute", a command function or a Typer)."""
    module_name, _, attribute = target.partition(":")
    obj: Any = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: click.Command = typer.main.get_group(obj)
    else:
        holder = typer.Typer(add_completion=False)
        holder.command(name)(obj)
        command = typer.main.get_command(holder)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """A TyperGroup with `lazy` commands: name → ("module:attribute", one-line help), said in
    `lang` (assistant/cli/language.py; the root sets it for the tree when it runs)."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {}
    lang: Lang = "en"

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run in the interface language: help, usage and click's errors included."""
        lang = interface_lang()
        localise(self, lang)
        return run_in_language(
            super().main, lang, standalone_mode,
            args=args, prog_name=prog_name, complete_var=complete_var,
            windows_expand_args=windows_expand_args, **extra,
        )  # fmt: skip

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return self.commands.get(cmd_name)
        # Listed, not run: a stand-in that carries the help line.
        return TyperCommand(name=cmd_name, help=translate_help(self.lazy[cmd_name][1], self.lang))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.lazy and args[0] not in self.commands:
            command = load_target(args[0], self.lazy[args[0]][0])
            localise(command, self.lang)
            self.commands[args[0]] = command
        return super().resolve_command(ctx, args)


def lazy_group(commands: dict[str, tuple[str, str]]) -> type[LazyGroup]:
    """A LazyGroup class with these lazy commands (pass it as `typer.Typer(cls=...)`)."""
    return type("LazyGroup", (LazyGroup,), {"lazy": dict(commands)})
