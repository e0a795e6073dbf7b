"""atspi_wait.py - what gajim_ui.py and dino_ui.py share: finding the
client on the accessibility bus, waiting with a deadline for what it
shows (never for a fixed time), failing with the reason on stderr and
exit status 1, and printing its tree for people."""
import sys
import time

import pyatspi

POLL = 0.1


def fail(prefix, why):
    print(f"{prefix}: {why}", file=sys.stderr)
    sys.exit(1)


def until(prefix, what, fn, seconds):
    """fn() until it returns something true, at most SECONDS."""
    deadline = time.monotonic() + float(seconds)
    while True:
        try:
            got = fn()
        except Exception:  # a widget gone while we looked: look again
            got = None
        if got:
            return got
        if time.monotonic() > deadline:
            fail(prefix, f"{what}: not within {seconds} s")
        time.sleep(POLL)


def find_app(name):
    """The application called NAME on the accessibility bus, or None."""
    desktop = pyatspi.Registry.getDesktop(0)
    for a in desktop:
        if a is not None and a.name == name:
            return a
    return None


def dump(walk, root, max_depth):
    """Each accessible walk(root) yields, indented by its depth (counted
    up to max_depth), with its role and name."""
    for x in walk(root):
        depth = 0
        p = x
        while p.parent is not None and depth < max_depth:
            p, depth = p.parent, depth + 1
        print("  " * depth + f"{x.getRoleName()} {x.name!r}")
