"""Give the memory a long import has freed back to the system, so that its size stays flat.

A batch's pages arrive unpickled, are written and dropped; CPython frees them, but glibc's malloc
keeps the freed pages of its heaps (those of the pool's result thread among them) for reuse, and
fragmented over thousands of batches they add up (the writer grew by about 1.5 KB a page
imported; README, "Speed, measured"). ``malloc_trim(0)`` hands them back, in about a
millisecond. Elsewhere than glibc (musl, macOS) there is nothing to call, and nothing is done.
"""

from __future__ import annotations

import ctypes
import functools


@functools.cache
def _malloc_trim():
    try:
        # The process's own symbols, the C library's among them: no library to find by name.
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # no such symbol: not glibc
        return None


def release_freed_memory() -> bool:
    """Return freed heap memory to the system; True if the C library could be asked to."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
