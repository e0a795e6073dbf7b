#!/usr/bin/python3
"""gajim_ui.py - one step in Gajim's window, through AT-SPI (accessibility).

Run by staff_day.py as the user Gajim runs as (the accessibility bus,
like the session bus it hangs off, takes that user only), with DISPLAY
and DBUS_SESSION_BUS_ADDRESS of Gajim's session. Each step waits for
what it needs with a deadline and exits 0 when done, 1 (with the reason
on stderr) when the deadline passed; it never sleeps for a fixed time
to let the screen catch up.

    gajim_ui.py wait-app SECONDS
    gajim_ui.py open-chat TITLE SECONDS       select the chat titled TITLE
                                               in the chat list
    gajim_ui.py say TITLE TEXT SECONDS        type TEXT into that chat's
                                               message box and send it
    gajim_ui.py wait-text TITLE TEXT SECONDS  the chat shows a message
                                               containing TEXT
    gajim_ui.py wait-row TITLE TEXT SECONDS   the chat list's row of that
                                               chat shows TEXT (its last
                                               message)
    gajim_ui.py reopen TITLE OTHER SECONDS    open chat OTHER, then TITLE
    gajim_ui.py wait-window NAME SECONDS      a window (frame or dialog)
                                               whose name contains NAME
    gajim_ui.py dump                          the visible tree, for people

Gajim 1.7.3's window, as AT-SPI shows it: the chat list is a list box
whose rows hold the chat's title and its last message as labels; the
open chat has the same title in its header, its messages as labels in a
list box, and one editable text without a name (the message box; the
search fields are named "Search").
"""
import sys
import time

import pyatspi

APP = "org.gajim.Gajim"
POLL = 0.1


def fail(why):
    print(f"gajim_ui: {why}", file=sys.stderr)
    sys.exit(1)


def until(what, fn, seconds):
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
            fail(f"{what}: not within {seconds} s")
        time.sleep(POLL)


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    for a in desktop:
        if a is not None and a.name == APP:
            return a
    return None


def showing(a):
    return a.getState().contains(pyatspi.STATE_SHOWING)


def walk(a, depth=0):
    """Every showing accessible under a (a itself first)."""
    if a is None or depth > 60:
        return
    if depth > 1 and not showing(a):
        return
    yield a
    for c in a:
        yield from walk(c, depth + 1)


def main_window():
    a = app()
    if a is None:
        return None
    return next((w for w in a if w is not None and w.name == "Gajim"),
                None)


def labels(a):
    return [x.name for x in walk(a) if x.getRole() == pyatspi.ROLE_LABEL]


def panes(win):
    """The chat list's pane and the open chat's pane: the two sides of
    the main window's split pane."""
    split = next((x for x in walk(win)
                  if x.getRole() == pyatspi.ROLE_SPLIT_PANE), None)
    if split is None or split.childCount != 2:
        return None, None
    return split[0], split[1]


def chat_row(win, title):
    """The chat list's row whose first label is TITLE."""
    side, _ = panes(win)
    for x in walk(side):
        if x.getRole() == pyatspi.ROLE_LIST_ITEM:
            names = labels(x)
            if names and names[0] == title:
                return x
    return None


def message_box(win):
    _, chat = panes(win)
    for x in walk(chat):
        st = x.getState()
        if x.getRole() == pyatspi.ROLE_TEXT and x.name != "Search" \
                and st.contains(pyatspi.STATE_EDITABLE):
            return x
    return None


def header_is(win, title):
    """The open chat shows TITLE in its header."""
    _, chat = panes(win)
    return chat is not None and title in labels(chat)


def chat_shows(win, text):
    """A label of the open chat (its messages) contains TEXT."""
    _, chat = panes(win)
    return chat is not None and any(text in n for n in labels(chat))


def click(a):
    """A real pointer click in the middle of a (XTest, through AT-SPI)."""
    ext = a.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    x, y = ext.x + ext.width // 2, ext.y + ext.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_B1C)


def open_chat(title, seconds):
    win = until("Gajim's main window", main_window, seconds)
    row = until(f"chat '{title}' in the chat list",
                lambda: chat_row(win, title), seconds)
    if not row.getState().contains(pyatspi.STATE_SELECTED) \
            or not header_is(win, title):
        click(row)
    until(f"chat '{title}' open", lambda: header_is(win, title)
          and row.getState().contains(pyatspi.STATE_SELECTED), seconds)
    return win


def say(title, text, seconds):
    win = open_chat(title, seconds)
    box = until("the message box", lambda: message_box(win), seconds)
    box.queryComponent().grabFocus()
    until("the message box focused",
          lambda: box.getState().contains(pyatspi.STATE_FOCUSED), seconds)
    box.queryEditableText().setTextContents(text)
    until("the text in the box",
          lambda: box.queryText().getText(0, -1) == text, seconds)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    # Gajim empties the box once it has taken the message (sent it, or
    # run it as a command).
    until("the box emptied (message taken)",
          lambda: box.queryText().getText(0, -1) == "", seconds)


def wait_text(title, text, seconds):
    win = open_chat(title, seconds)
    until(f"'{text}' in chat '{title}'", lambda: chat_shows(win, text),
          seconds)


def wait_row(title, text, seconds):
    win = until("Gajim's main window", main_window, seconds)
    try:
        until(f"'{text}' in the chat list's row '{title}'", lambda: any(
            text in n for n in labels(chat_row(win, title))), seconds)
    except SystemExit:
        row = chat_row(win, title)
        fail(f"the row shows {labels(row) if row else None}")


def reopen(title, other, seconds):
    """Another chat, then TITLE again: Gajim 1.7 reads the chat's
    messages afresh from its archive."""
    open_chat(other, seconds)
    open_chat(title, seconds)


def wait_window(name, seconds):
    until(f"window '{name}'", lambda: any(
        w is not None and name in w.name for w in app()), seconds)


def dump():
    a = app()
    if a is None:
        fail("no Gajim on the accessibility bus")
    for x in walk(a):
        depth = 0
        p = x
        while p.parent is not None and depth < 80:
            p, depth = p.parent, depth + 1
        print("  " * depth + f"{x.getRoleName()} {x.name!r}")


def main(argv):
    if not argv:
        sys.exit(__doc__)
    cmd, args = argv[0], argv[1:]
    steps = {"wait-app": (1, lambda s: until("Gajim on the accessibility "
                                             "bus", app, s)),
             "open-chat": (2, open_chat), "say": (3, say),
             "wait-text": (3, wait_text), "wait-row": (3, wait_row),
             "reopen": (3, reopen), "wait-window": (2, wait_window),
             "dump": (0, dump)}
    if cmd not in steps or len(args) != steps[cmd][0]:
        sys.exit(__doc__)
    steps[cmd][1](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
