"""The one error `leadscore load` raises: a sentence the CLI prints as `leadscore: ...`."""

from __future__ import annotations


class LoadError(RuntimeError):
    """A mapping, a file or the warehouse cannot be used; nothing was written.

    Problems with single rows are not errors: those rows go to the rejected-rows table.
    """
