"""Saved prompts: the ones a user keeps on purpose, in a small JSON file beside the settings.
(Recent prompts come from the history: :meth:`HistoryStore.recent_prompts`.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from veo_desktop.core.atomic_files import write_atomically

MAX_SAVED: Final = 200


class PromptBook:
    def __init__(self, path: Path) -> None:
        self.path = path

    def saved(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # none yet, or a damaged file: start again rather than fail
        return [p for p in data if isinstance(p, str) and p.strip()] if isinstance(data, list) else []

    def save(self, prompt: str) -> None:
        """Keep a prompt (newest first, no duplicates)."""
        prompt = prompt.strip()
        if not prompt:
            return
        kept = [prompt, *(p for p in self.saved() if p != prompt)][:MAX_SAVED]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(kept, ensure_ascii=False, indent=1).encode("utf-8"))
