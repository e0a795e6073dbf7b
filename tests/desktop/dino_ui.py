#!/usr/bin/python3
"""dino_ui.py - one step in Dino's window, through AT-SPI (accessibility).

Run by dino_day.py as the user Dino runs as, with DISPLAY and
DBUS_SESSION_BUS_ADDRESS of Dino's session, like gajim_ui.py for Gajim.
Each step waits for what it needs with a deadline and exits 0 when
done, 1 (with the reason on stderr) when the deadline passed; it never
sleeps for a fixed time to let the screen catch up.

    dino_ui.py wait-app SECONDS
    dino_ui.py open-chat TITLE SECONDS       click the conversation titled
                                              TITLE in the list; it opens
    dino_ui.py say TITLE TEXT SECONDS        type TEXT into that
                                              conversation's message box
                                              and send it (Enter)
    dino_ui.py wait-text TITLE TEXT SECONDS  the open conversation shows
                                              a message containing TEXT
    dino_ui.py wait-row TITLE TEXT SECONDS   the list's row of that
                                              conversation shows TEXT
    dino_ui.py dump                          the tree, for people

Dino 0.4.2 is GTK 4.8 and libadwaita: GTK 4 speaks AT-SPI itself (no
atk-bridge). What it gives, as seen here: every widget, with labels
named by their text, but no "showing" state (hidden pages of its stacks
are in the tree too), no focus grabbing, and extents relative to the
window, whatever coordinates are asked for: dino_day.py keeps the
window at 0,0 so that they are the screen's. The conversation list is a
list (DinoUiConversationSelector) of items whose first label is the
conversation's title; the open conversation's title is a label of the
header bar (in the window's top 50 pixels); its messages are labels under DinoUiConversationView, and
its message box the one GtkTextView (editable text).
"""
import sys
import time

import pyatspi

import atspi_wait

APP = "dino-im"
POLL = 0.1


def fail(why):
    atspi_wait.fail("dino_ui", why)


def until(what, fn, seconds):
    """fn() until it returns something true, at most SECONDS."""
    return atspi_wait.until("dino_ui", what, fn, seconds)


def app():
    return atspi_wait.find_app(APP)


def walk(a, depth=0):
    """Everything under a (a itself first)."""
    if a is None or depth > 80:
        return
    yield a
    for c in a:
        yield from walk(c, depth + 1)


def main_window():
    a = app()
    if a is None:
        return None
    return next((w for w in a if w is not None
                 and w.name == "DinoUiMainWindow"), None)


def named(win, name):
    """The first accessible under win named NAME (GTK 4 names a widget
    without a label after its class: "DinoUiConversationView")."""
    return next((x for x in walk(win) if x.name == name), None)


def labels(a):
    return [x.name for x in walk(a) if x.getRole() == pyatspi.ROLE_LABEL]


def chat_row(win, title):
    for x in walk(win):
        if x.getRole() == pyatspi.ROLE_LIST_ITEM:
            names = labels(x)
            if names and names[0] == title:
                return x
    return None


def in_list_item(x):
    p = x.parent
    while p is not None:
        if p.getRole() == pyatspi.ROLE_LIST_ITEM:
            return True
        p = p.parent
    return False


def header_is(win, title):
    """The header bar shows TITLE: the open conversation. The header
    bar's labels are those in the window's top 50 pixels, drawn (not
    of width 0, as the hidden pages' are), outside the list's rows."""
    for x in walk(win):
        if x.getRole() != pyatspi.ROLE_LABEL or x.name != title:
            continue
        ext = x.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        if ext.width > 0 and ext.y + ext.height <= 50 \
                and not in_list_item(x):
            return True
    return False


def message_box(win):
    return next((x for x in walk(win) if x.getRole() == pyatspi.ROLE_TEXT
                 and x.name == "GtkTextView"), None)


def chat_shows(win, text):
    view = named(win, "DinoUiConversationView")
    return view is not None and any(text in n for n in labels(view))


def click(a):
    """A real pointer click in the middle of a; the window is at 0,0 (see
    above)."""
    atspi_wait.click(a)


def open_chat(title, seconds):
    win = until("Dino's main window", main_window, seconds)
    if header_is(win, title):
        return win
    until(f"conversation '{title}' in the list",
          lambda: chat_row(win, title), seconds)

    def attempt():
        # Dino sorts the list by the last message: a row may move between
        # reading its place and the click, which then opens another
        # conversation. Click again (where the row is now) until the
        # header shows TITLE.
        click(chat_row(win, title))
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            if header_is(win, title):
                return True
            time.sleep(POLL)
        return False
    until(f"conversation '{title}' open", attempt, seconds)
    return win


def say(title, text, seconds):
    win = open_chat(title, seconds)
    box = until("the message box", lambda: message_box(win), seconds)
    # Dino gives the box the keyboard focus when a conversation opens.
    atspi_wait.send_text("dino_ui", box, text, seconds)


def wait_text(title, text, seconds):
    win = open_chat(title, seconds)
    until(f"'{text}' in conversation '{title}'",
          lambda: chat_shows(win, text), seconds)


def wait_row(title, text, seconds):
    win = until("Dino's main window", main_window, seconds)
    try:
        until(f"'{text}' in the list's row '{title}'", lambda: any(
            text in n for n in labels(chat_row(win, title))), seconds)
    except SystemExit:
        row = chat_row(win, title)
        fail(f"the row shows {labels(row) if row else None}; rows: "
             f"{[labels(x)[:1] for x in walk(win) if x.getRole() == pyatspi.ROLE_LIST_ITEM]}")


def dump():
    a = app()
    if a is None:
        fail("no Dino on the accessibility bus")
    atspi_wait.dump(walk, a, 90)


def main(argv):
    if not argv:
        sys.exit(__doc__)
    cmd, args = argv[0], argv[1:]
    steps = {"wait-app": (1, lambda s: until("Dino's main window on the "
                                             "accessibility bus",
                                             main_window, s)),
             "open-chat": (2, open_chat), "say": (3, say),
             "wait-text": (3, wait_text), "wait-row": (3, wait_row),
             "dump": (0, dump)}
    if cmd not in steps or len(args) != steps[cmd][0]:
        sys.exit(__doc__)
    steps[cmd][1](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
