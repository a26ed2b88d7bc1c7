"""What every command shares: the store it opens lazily, the console, and user-facing errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import click
from rich.console import Console

from sessions.store import Store, StoreError, default_store_path

__all__ = ["AppContext", "UserError", "pass_app"]

P = ParamSpec("P")
R = TypeVar("R")


class UserError(click.ClickException):
    """A mistake the user can fix: printed as ``Error: …`` without a traceback, exit status 2."""

    exit_code = 2


class AppContext:
    """Per-invocation state: the store path, the open store and the console."""

    def __init__(self, store_path: str | None = None) -> None:
        self.store_path = Path(store_path) if store_path else default_store_path()
        self.console = Console(highlight=False)
        self.err_console = Console(stderr=True, highlight=False)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The workspace store, opened (and created or upgraded) on first use."""
        if self._store is None:
            try:
                self._store = Store.open(self.store_path)
            except StoreError as error:
                raise UserError(str(error)) from error
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None


def pass_app(func: Callable[Concatenate[AppContext, P], R]) -> Callable[P, R]:
    """Decorator: hand the command the :class:`AppContext`, and turn store errors into messages."""

    @click.pass_obj
    @functools.wraps(func)
    def wrapper(app: AppContext, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(app, *args, **kwargs)
        except StoreError as error:
            raise UserError(str(error)) from error

    return wrapper
