"""The window's few colours of meaning, in one place: every view that marks trouble uses the same red."""

from __future__ import annotations

from typing import Final

ERROR_COLOUR: Final = "#d0423b"  # a refusal, a failed task, a setting that cannot be saved
ERROR_STYLE: Final = f"color: {ERROR_COLOUR};"
WAIT_COLOUR: Final = "#b36b00"  # the service asked us to wait (429), or cannot be reached
WAIT_STYLE: Final = f"color: {WAIT_COLOUR};"
