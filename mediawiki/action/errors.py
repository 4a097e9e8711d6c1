"""MediaWiki's error: a code clients test for and a sentence, sent with HTTP 200 as MediaWiki sends it."""

from __future__ import annotations


class ApiError(Exception):
    """Ends the call: the answer is ``{"error": {"code": …, "info": …}}`` and nothing else."""

    def __init__(self, code: str, info: str):
        super().__init__(info)
        self.code = code
        self.info = info
