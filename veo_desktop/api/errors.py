"""Typed errors, each with a message a user can act on (``str(error)``), and each of a
:class:`Category` that says whether trying again can help; :meth:`RetryPolicy.decide
<veo_desktop.api.retry.RetryPolicy.decide>` turns that into each loop's decision."""

from __future__ import annotations

import enum

from veo_desktop.i18n import QT_TRANSLATE_NOOP, Message


class Category(enum.Enum):
    """What an error says about trying again."""

    # Try again later: no connection, a timeout, a 5xx to a question, a 429, a download cut short.
    TRANSIENT = "transient"
    # The service (or the app's own rules) said no: the same request gets the same no. Never retried.
    REFUSED = "refused"
    # A 429 saying the account has no balance left: asking again does not top it up, so no request
    # or download is repeated; a task already accepted is still followed (asking about it costs
    # nothing, and its video is paid for).
    NO_BALANCE = "no balance"
    # A submission went out and may or may not have been accepted (and billed): never sent again
    # automatically, whoever asks.
    OUTCOME_UNKNOWN = "outcome unknown"
    # An answer came that this app cannot use (not a video, too large, redirected in circles), and
    # the same request at once would get the same: not repeated within a request or a download; the
    # loops that follow a task (polling it, saving its video) ask again later.
    UNUSABLE = "unusable answer"
    # The finished video is still being published (``/content``'s 400): asked again on its own short
    # schedule, apart from the download's tries.
    NOT_YET = "not yet"
    # This computer could not (a missing or read-only folder, a full disk): nothing to retry until the
    # user acts.
    LOCAL = "local"


class VeoError(Exception):
    """Base of every error the API client raises. ``str()`` is the message for the user, in the language
    in force when it is shown; ``message`` is what the history keeps (see ``i18n.Message``).

    ``category`` (see :class:`Category`) is declared by each class; a class whose instances differ
    sets it per instance (a 429 that means "no balance left" is NO_BALANCE, not TRANSIENT)."""

    category: Category = Category.REFUSED

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

    category = Category.REFUSED

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


class InsecureConnection(VeoError):
    """The key would travel in clear text or to a host it does not belong to."""

    category = Category.REFUSED


class AuthError(VeoError):
    category = Category.REFUSED

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

    category = Category.REFUSED

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
    category = Category.REFUSED

    def __init__(self) -> None:
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP(
                    "Errors", "The service says the reference image is too large (413). Use a smaller image."
                )
            )
        )


class TaskNotFound(VeoError):
    category = Category.REFUSED

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

    category = Category.TRANSIENT

    def __init__(self, service_message: str, retry_after: float | None) -> None:
        self.service_message = service_message
        self.retry_after = retry_after
        lowered = service_message.lower()
        self.insufficient_balance = any(w in lowered for w in ("balance", "quota", "insufficient", "余额"))
        if self.insufficient_balance:
            self.category = Category.NO_BALANCE  # asking again does not top the account up
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

    category = Category.TRANSIENT

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
    category = Category.TRANSIENT

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
    category = Category.TRANSIENT

    def __init__(self, what: str) -> None:
        super().__init__(
            _said(QT_TRANSLATE_NOOP("Errors", "The service did not answer in time ({detail})."), detail=what)
        )


class OutcomeUnknown(VeoError):
    """A submission went out but no answer came back: it may or may not have been accepted (and billed)."""

    category = Category.OUTCOME_UNKNOWN

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

    category = Category.TRANSIENT

    def __init__(self, detail: str, *, category: Category = Category.TRANSIENT) -> None:
        """``category``: UNUSABLE when the same request at once would get the same answer (one too
        large, redirects in circles); TRANSIENT (an answer garbled on the way, a redirect with
        nowhere to go) otherwise."""
        self.detail = detail
        self.category = category
        super().__init__(
            _said(
                QT_TRANSLATE_NOOP("Errors", "The service sent an answer this app cannot use: {detail}"),
                detail=detail,
            )
        )


class ContentNotReady(VeoError):
    """``/content`` answered 400 right after completion; it becomes available a few seconds later."""

    category = Category.NOT_YET

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

    category = Category.REFUSED

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
    category = Category.TRANSIENT

    def __init__(self, detail: str) -> None:
        super().__init__(_said(QT_TRANSLATE_NOOP("Errors", "The download failed: {detail}"), detail=detail))


class NotAVideo(VeoError):
    """What ``/content`` sent is not an MP4 (an error page, JSON...). Nothing was saved."""

    category = Category.UNUSABLE

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

    category = Category.LOCAL

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
