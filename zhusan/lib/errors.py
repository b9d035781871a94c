"""Errors that actions raise and views and the API turn into 4xx answers."""

from __future__ import annotations


class ActionError(Exception):
    """Input an action refuses, with a message per field ('' for the whole request)."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))


class ConcurrentEdit(ActionError):
    """The record changed since the editor loaded it; `current` holds what it is now."""

    def __init__(self, current: dict, version: int):
        self.current = current
        self.version = version
        super().__init__(
            {
                "version": "This record changed while you were editing it. Review what changed and save again."
            }
        )
