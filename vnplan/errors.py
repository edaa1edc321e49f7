"""The one exception family of vnplan.

Every error vnplan raises on purpose is a `VnplanError`: a message in plain words for the user, a
short stable `code` that analysts can group failures by (`documents.error_code`), and, where there
is one, a `hint` saying what to do. The hint belongs to the error, not to the file's format: a
damaged PDF is told to re-export it, a refused zip bomb is told nothing of the kind.

Per-file failures become `documents` rows with these messages; only usage errors and an
unwritable output folder stop a run. Codes are part of the output contract: add new ones, never
rename one.
"""

from __future__ import annotations

from dataclasses import dataclass


class VnplanError(Exception):
    """Base of every error vnplan raises on purpose."""

    code: str = "error"
    hint: str | None = None
    exit_status: int = 2  # what `vnplan` exits with when this error stops a command

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code  # an instance may narrow its class's code
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class UnreadableFile(VnplanError):
    """A file that cannot be read as a PDF, DOCX or DOC (the batch goes on)."""

    code = "file.unreadable"


class PasswordProtected(UnreadableFile):
    """A PDF that needs a password to open."""

    code = "pdf.password"
    hint = (
        "vnplan reads PDFs without a password or with an empty one; ask for an unprotected copy "
        "or save one without the password"
    )


class RefusedFile(UnreadableFile):
    """A file built to exhaust a reader (a zip bomb, an entity expansion bomb): refused, not read.
    There is nothing the user should do with it, so it has no hint."""

    code = "file.refused"


class MissingTool(VnplanError):
    """A system program needed for this file (LibreOffice, tesseract) is not installed."""

    code = "tool.missing"


class OcrUnavailable(MissingTool):
    """tesseract or its Vietnamese data is not installed: scanned pages cannot be read."""

    code = "ocr.missing"


class OcrFailed(VnplanError):
    """tesseract is installed but could not read one page (it crashed or refused the image): that
    page is left unread and the document is partial."""

    code = "ocr.failed"


class LimitExceeded(VnplanError):
    """A file's reader ran past its time or memory limit and was stopped."""

    code = "limit.exceeded"


class OutputError(VnplanError):
    """The output folder cannot be written (a full disk, no permission): the run stops, and what was
    recorded before is kept for the next run."""

    code = "output.unwritable"


class OutputBusy(OutputError):
    """Another `vnplan ingest` holds the output folder's lock. Exit status 75 (EX_TEMPFAIL: try
    again later), so that a cron job that fires while the previous one still runs is told apart
    from a failure."""

    code = "output.busy"
    exit_status = 75


class UsageError(VnplanError):
    """The command line asks for something that cannot be done."""

    code = "usage"


class InvalidSetting(VnplanError, ValueError):
    """A settings object given a value it cannot work with (the message names the field)."""

    code = "settings.invalid"


INTERNAL = "internal"  # the code of a bug of ours, caught so that the file still gets its row


@dataclass(frozen=True)
class ReadWarning:
    """A part of a document that could not be read (the document is then `partial`)."""

    code: str
    message: str
