"""atspi_wait.py - what gajim_ui.py and dino_ui.py share: finding the
client on the accessibility bus, waiting with a deadline for what it
shows (never for a fixed time), failing with the reason on stderr and
exit status 1, a click, sending a line from a message box, and printing
its tree for people."""
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


def click(a):
    """A real pointer click in the middle of a (XTest, through AT-SPI)."""
    ext = a.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    x, y = ext.x + ext.width // 2, ext.y + ext.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_B1C)


def send_text(prefix, box, text, seconds):
    """TEXT into the focused message box BOX, then Enter; done when the
    client has emptied the box (it took the message: sent it, or ran it
    as a command)."""
    until(prefix, "the message box focused",
          lambda: box.getState().contains(pyatspi.STATE_FOCUSED), seconds)
    box.queryEditableText().setTextContents(text)
    until(prefix, "the text in the box",
          lambda: box.queryText().getText(0, -1) == text, seconds)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    until(prefix, "the box emptied (message taken)",
          lambda: box.queryText().getText(0, -1) == "", seconds)


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
