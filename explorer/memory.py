"""Process memory: have the C allocator return large freed blocks to the system. No Qt.

glibc's malloc serves blocks of 128 KiB and more with mmap, but after such a block is freed it
raises that threshold to the block's size (up to 32 MiB), so that later arrays of a few MiB come
from the heap, where freed ones stay mapped behind live ones. Loading a million events frees many
such arrays (SQL text, sorting, the lane arrays): with the threshold left where it is, resident
memory after start-up is about 100 MB lower at 1M events. Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: mallopt parameter numbers (glibc malloc.h).
M_MMAP_THRESHOLD = -3
#: glibc's own default; setting it explicitly switches off the dynamic adjustment.
MMAP_THRESHOLD = 128 * 1024

_done = False


def keep_mmap_threshold() -> bool:
    """Pin glibc's mmap threshold at its default (once per process); True when it was set."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return _done
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    return _done
