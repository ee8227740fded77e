"""The command line in the reader's language: help, click's own words, and usage errors.

English is written where each command is defined (docstrings, `help=`), as gettext does; the
Chinese of each paragraph is in prompts/cli/help.yaml, keyed by that English. Click's words (the
usage line, the panel titles, "[default: …]") and its usage errors ("Missing argument 'paths'")
are said from prompts/ui.cli.yaml. The language is the interface language (CXCOACH_UI_LANG).

`localise` rewrites a command tree's help in place before it parses or prints (the tree is built
afresh for every run); `in_language` turns one of click's English errors into the reader's.
Typer prints help and errors through `typer.rich_utils`, whose words are module settings
(`OPTIONS_PANEL_TITLE` …): `use_words` sets them for the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from typer import _click as click  # typer builds on its own copy of click
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from assistant.domain.common import Lang
from assistant.text.yaml_text import load_yaml

if TYPE_CHECKING:
    from assistant.i18n import Translator

_PARAGRAPHS = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text, each with its whitespace collapsed (the catalogue keys)."""
    return [" ".join(p.split()) for p in _PARAGRAPHS.split(text) if p.strip()]


@cache
def help_catalogue() -> Mapping[str, Mapping[str, str]]:
    """English paragraph → {"zh-Hans": …, "zh-Hant": … (when written out)}."""
    import prompts

    raw = load_yaml((prompts.root() / "cli" / "help.yaml").read_text(encoding="utf-8")) or {}
    return {
        " ".join(str(english).split()): (
            {str(k): str(v) for k, v in chinese.items()}
            if isinstance(chinese, dict)
            else {"zh-Hans": str(chinese)}
        )
        for english, chinese in raw.items()
    }


def translate_help(text: str, lang: Lang) -> str:
    """A help text in `lang`, paragraph by paragraph; English, or a paragraph the catalogue
    does not have, stays as written."""
    if lang == "en" or not text:
        return text
    out = []
    for paragraph in paragraphs(text):
        entry = help_catalogue().get(paragraph)
        if entry is None:
            out.append(paragraph)
        elif lang == "zh-Hant" and "zh-Hant" not in entry:
            from assistant.text.script import to_traditional

            out.append(to_traditional(entry["zh-Hans"]))
        else:
            out.append(entry[lang])
    return "\n\n".join(out)


# Localising a command tree ---------------------------------------------------------------------
def localise(command: click.Command, lang: Lang) -> None:
    """Have `command` (and every command under it already built) speak `lang` when it prints
    its help or usage line: its texts are said when the help is asked for, not before (a run
    that prints no help translates nothing)."""
    from assistant.cli.lazy import LazyGroup

    command.context_class = context_class(lang)
    if isinstance(command, LazyGroup):
        command.lang = lang  # and says the commands it loads in it
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            localise(sub, lang)


def say_help(command: click.Command, lang: Lang) -> None:
    """Put `command`'s help, its options' help and its commands' lines into `lang`."""
    if lang == "en":
        return
    subcommands = command.commands.values() if isinstance(command, TyperGroup) else ()
    for each in (command, *subcommands):
        each.help = translate_help(each.help or "", lang) or each.help
        if each.short_help:
            each.short_help = translate_help(each.short_help, lang)
    for param in command.params:
        if text := getattr(param, "help", None):
            param.help = translate_help(text, lang)  # type: ignore[attr-defined]


# Click's words for the usage line and the --help option, and typer's around the help and its
# errors (`typer.rich_utils` settings: panel titles, "[default: {}]", "Aborted." …): said like
# the help itself, from prompts/cli/help.yaml (the help path loads no other catalogue).
USAGE, HELP_OPTION = "Usage:", "Show this message and exit."
TYPER_WORDS = (
    "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
    "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING", "DEPRECATED_STRING",
    "ABORTED_TEXT", "RICH_HELP",
)  # fmt: skip
_TYPER_ENGLISH: dict[str, str] = {}  # typer's own words, kept before any is replaced


def frame_words() -> list[str]:
    """The English of every word around the help (for the catalogue's completeness test)."""
    return [USAGE, HELP_OPTION, *_typer_english().values()]


def _typer_english() -> dict[str, str]:
    import typer.rich_utils

    if not _TYPER_ENGLISH:
        _TYPER_ENGLISH.update({name: getattr(typer.rich_utils, name) for name in TYPER_WORDS})
    return _TYPER_ENGLISH


def use_words(lang: Lang) -> None:
    """Typer's words around the help and errors in `lang`, for this run (they are read from
    `typer.rich_utils` when it prints)."""
    import typer.rich_utils

    for name, english in _typer_english().items():
        said = translate_help(english, lang) if lang != "en" else english
        setattr(typer.rich_utils, name, said + (" " if english.endswith(" ") else ""))


@cache
def context_class(lang: Lang) -> type[click.Context]:
    """A click Context whose usage line, --help option and help panels speak `lang`."""

    class Formatter(click.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            if prefix is None and lang != "en":
                prefix = translate_help(USAGE, lang)
                prefix += " " if prefix.endswith(":") else ""
            super().write_usage(prog, args, prefix)

    class LocalisedContext(click.Context):
        formatter_class = Formatter

        def get_help(self) -> str:
            use_words(lang)
            say_help(self.command, lang)
            option = self.command.get_help_option(self)
            if option is not None:
                option.help = translate_help(HELP_OPTION, lang)
            return super().get_help()

    return LocalisedContext


def interface_lang() -> Lang:
    """The command line's language: CXCOACH_UI_LANG (or the settings'), English by default."""
    import os

    from assistant.domain import as_lang
    from assistant.settings import SettingsError, load_settings

    try:
        return load_settings().ui_lang
    except SettingsError:  # the language alone, when it is not what is wrong
        return as_lang(os.environ.get("CXCOACH_UI_LANG", "")) or "en"


# Usage errors ----------------------------------------------------------------------------------
# Click's usage errors that carry only their English sentence, read back into a catalogue key
# and its values. tests/cli/test_cli_language.py makes typer raise each one (through the real CLI
# or a sample app), so a new wording in an upgrade fails a test instead of reaching a reader in
# English.
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such command '(?P<name>.*)'\.(?: Did you mean '(?P<guess>.*)'\?)?$"),
     "cli_error_no_such_command"),
    (re.compile(r"^Missing command\.$"), "cli_error_missing_command"),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$"),
     "cli_error_extra_args"),
    (re.compile(r"^Option '(?P<name>.+)' requires (?:an argument|\d+ arguments)\.$"),
     "cli_error_needs_value"),
    (re.compile(r"^Option '(?P<name>.+)' does not take a value\.$"), "cli_error_takes_no_value"),
)  # fmt: skip
# Why a value was refused (BadParameter's own sentence, from typer's path and choice checks).
_PATH_FAULTS = {"does not exist": "cli_reason_no_path", "is a directory": "cli_reason_is_dir",
                "is a file": "cli_reason_is_file", "is not readable": "cli_reason_unreadable",
                "is not writable": "cli_reason_unwritable"}  # fmt: skip
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"^(?:[Ff]ile|[Dd]irectory|[Pp]ath) '(?P<path>.+)' {fault}\.$"), key)
    for fault, key in _PATH_FAULTS.items()
) + ((re.compile(r"^(?P<value>.+) is not one of (?P<choices>.+)\.$"), "cli_reason_not_a_choice"),)


def _said(t: Translator, text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, key in table:
        if found := pattern.match(text):
            return t(key, **{k: v or "" for k, v in found.groupdict().items()})
    return None


def _hint(exc: click_errors.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
    if exc.param is not None:
        return exc.param.get_error_hint()
    return ""


def _value_reason(t: Translator, exc: click_errors.BadParameter) -> str:
    """Why the value was refused: pydantic's error when typer's conversion failed, else the
    sentence of typer's own check."""
    from pydantic import ValidationError

    from assistant.i18n.reasons import VALIDATION_TYPES, validation_reason

    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ValidationError) and cause.errors():
        error = cause.errors()[0]
        if error["type"] in VALIDATION_TYPES:
            return validation_reason(t, error)
        message = error["msg"].removeprefix("Value error, ")  # typer's own check, in pydantic
        return _said(t, message, _REASONS) or message
    return _said(t, exc.message, _REASONS) or exc.message


def message_in(t: Translator, exc: click.ClickException) -> str:
    """What a click error says, in the reader's language (its English when there are no words
    for it)."""
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        key = {"argument": "cli_error_missing_argument", "option": "cli_error_missing_option"}
        return t(key.get(kind, "cli_error_missing_parameter"), name=_hint(exc))
    if isinstance(exc, click_errors.BadParameter):
        reason = _value_reason(t, exc)
        hint = _hint(exc)
        return t("cli_error_bad_value", name=hint, reason=reason) if hint else reason
    if isinstance(exc, click_errors.NoSuchOption):
        text = t("cli_error_no_such_option", name=exc.option_name)
        if exc.possibilities:
            names = ", ".join(sorted(exc.possibilities))
            text += (" " if t.lang == "en" else "") + t("cli_error_did_you_mean", names=names)
        return text
    return _said(t, exc.message, _SENTENCES) or exc.format_message()


def in_language(exc: click.ClickException, lang: Lang) -> click.ClickException:
    """The same error, its message in `lang` (its usage line is the context's, already in it)."""
    from assistant.i18n import Translator

    if type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    text = message_in(Translator(lang), exc)
    said: click.ClickException
    if isinstance(exc, click_errors.UsageError):
        said = click_errors.UsageError(text, exc.ctx)
    else:
        said = click.ClickException(text)
    said.exit_code = exc.exit_code
    return said


def run_in_language(
    main: Callable[..., Any], lang: Lang, standalone_mode: bool, **kwargs: Any
) -> Any:
    """Run a command's `main` non-standalone and, when standalone, print click's errors in
    `lang` and exit as click would."""
    import sys

    try:
        result = main(standalone_mode=False, **kwargs)
    except click.ClickException as exc:
        if not standalone_mode:
            raise
        import typer.rich_utils

        use_words(lang)
        typer.rich_utils.rich_format_error(in_language(exc, lang))
        sys.exit(exc.exit_code)
    except typer.Abort:
        if not standalone_mode:
            raise
        import typer.rich_utils

        use_words(lang)
        typer.rich_utils.rich_abort_error()
        sys.exit(1)
    if not standalone_mode:
        return result
    sys.exit(result if isinstance(result, int) else 0)
