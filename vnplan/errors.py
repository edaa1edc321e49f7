"""The one exception family of vnplan. Per-file failures become `documents` rows with these
messages; only usage errors and an unwritable output folder stop a run."""

from __future__ import annotations


class VnplanError(Exception):
    """Base of every error vnplan raises on purpose; its message is for the user, in plain words."""


class UnreadableFile(VnplanError):
    """A file that cannot be read as a PDF, DOCX or DOC (the batch goes on)."""


class MissingTool(VnplanError):
    """A system program needed for this file (LibreOffice, tesseract) is not installed."""


class OutputError(VnplanError):
    """The output folder cannot be written."""


class UsageError(VnplanError):
    """The command line asks for something that cannot be done."""
