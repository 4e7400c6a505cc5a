"""Typed errors, each with a message a user can act on (``str(error)``)."""

from __future__ import annotations

from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message


class VeoError(Exception):
    """Base of every error the API client raises. ``str()`` is the message for the user, in the language
    in force when it is shown; ``message`` is what the history keeps (see ``i18n.Message``)."""

    retryable = False

    def __init__(self, message: Message | str) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


def _said(text: str, **values: Message | str | int | float) -> Message:
    """A message of this module's context ("Errors"); mark ``text`` with QT_TRANSLATE_NOOP."""
    return Message.of("Errors", text, **values)


class InvalidRequest(VeoError):
    """Refused before anything was sent: the rules table said no."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


class InsecureConnection(VeoError):
    """The key would travel in clear text or to a host it does not belong to."""


class AuthError(VeoError):
    def __init__(self) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The service refused the API key (401). Check the key in Settings or APIYI_API_KEY.",
                )
            )
        )


class RequestRejected(VeoError):
    """400: the service refused a parameter; carries its own message."""

    def __init__(self, service_message: str, status: int = 400) -> None:
        self.service_message = service_message
        self.status = status
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP("Errors", "The service refused the request: {message}"),
                message=service_message,
            )
        )


class ImageTooLarge(VeoError):
    def __init__(self) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors", "The service says the reference image is too large (413). Use a smaller image."
                )
            )
        )


class TaskNotFound(VeoError):
    def __init__(self, task_id: str) -> None:
        self.task_id = task_id
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP("Errors", "The service does not know the task {task_id} (404)."),
                task_id=task_id,
            )
        )


class RateLimited(VeoError):
    """429: too many requests, or (the same status) no balance left; the service's words are kept."""

    retryable = True

    def __init__(self, service_message: str, retry_after: float | None) -> None:
        self.service_message = service_message
        self.retry_after = retry_after
        lowered = service_message.lower()
        self.insufficient_balance = any(w in lowered for w in ("balance", "quota", "insufficient", "余额"))
        if self.insufficient_balance:
            self.retryable = False  # asking again does not top the account up
            text = _said(
                QT_TRANSLATE_NOOP("Errors", "Your account has no balance left for this: {message}"),
                message=service_message,
            )
        else:
            limited = _said(QT_TRANSLATE_NOOP("Errors", "The service is rate limiting requests (429)."))
            wait = (
                _said(QT_TRANSLATE_NOOP("Errors", "Try again in {seconds} s."), seconds=f"{retry_after:.0f}")
                if retry_after
                else ""
            )
            text = Message.joined(limited, wait, service_message)
        super().__init__(text)


class ServiceUnavailable(VeoError):
    """5xx, including an HTML error page from a proxy in front of the service."""

    retryable = True

    def __init__(self, status: int, detail: str = "") -> None:
        self.status = status
        self.detail = detail
        extra = f": {detail}" if detail else ""
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The service is having trouble (HTTP {status}){detail}. Try again in a few minutes.",
                ),
                status=status,
                detail=extra,
            )
        )


class NetworkError(VeoError):
    retryable = True

    def __init__(self, detail: str) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors", "Could not reach the service ({detail}). Check your internet connection."
                ),
                detail=detail,
            )
        )


class RequestTimeout(VeoError):
    retryable = True

    def __init__(self, what: str) -> None:
        super().__init__(
            _said(QT_TRANSLATE_NOOP("Errors", "The service did not answer in time ({detail})."), detail=what)
        )


class OutcomeUnknown(VeoError):
    """A submission went out but no answer came back: it may or may not have been accepted (and billed)."""

    def __init__(self, detail: Message | str) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The submission was sent but no usable answer came back ({detail}). It was not sent "
                    "again, so you are never billed twice; check your provider console for a new task.",
                ),
                detail=detail,
            )
        )


class BadResponse(VeoError):
    """The service answered something this app cannot use (not JSON, missing fields, odd values)."""

    retryable = True

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP("Errors", "The service sent an answer this app cannot use: {detail}"),
                detail=detail,
            )
        )


class ContentNotReady(VeoError):
    """``/content`` answered 400 right after completion; it becomes available a few seconds later."""

    retryable = True

    def __init__(self) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The finished video is not downloadable yet (the service is still publishing it).",
                )
            )
        )


class TaskEnded(VeoError):
    """``/content`` answered 400 and the task's status says it ended without a video (failed,
    canceled, expired): waiting longer will not make it downloadable."""

    def __init__(self, status: str, word: str, reason: str = "") -> None:
        self.status = status  # "failed", "canceled" or "expired"
        said = _said(
            QT_TRANSLATE_NOOP(
                "Errors",
                "There is no video to download: the service says this task is {word}. "
                "Tasks that end this way are not charged.",
            ),
            word=word,
        )
        super().__init__(Message.joined(said, reason) if reason else said)


class DownloadFailed(VeoError):
    retryable = True

    def __init__(self, detail: str) -> None:
        super().__init__(_said(QT_TRANSLATE_NOOP("Errors", "The download failed: {detail}"), detail=detail))


class NotAVideo(VeoError):
    """What ``/content`` sent is not an MP4 (an error page, JSON...). Nothing was saved."""

    retryable = True

    def __init__(self, detail: str) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors", "The service sent something that is not a video ({detail}); nothing was saved."
                ),
                detail=detail,
            )
        )


class SaveFailed(VeoError):
    """The video could not be written locally (missing or read-only folder, full disk)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Could not save the video to {path}: {reason}. It can be downloaded again later.",
                ),
                path=path,
                reason=reason,
            )
        )
