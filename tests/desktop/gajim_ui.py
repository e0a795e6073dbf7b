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
    gajim_ui.py menu PATH SECONDS             the menu bar's item PATH
                                               ("Accounts > Admin >
                                               Discover Services…")
    gajim_ui.py disco-command ITEM SECONDS    in the Service Discovery
                                               window, select the row
                                               showing ITEM, press Command
    gajim_ui.py adhoc-run NAME SECONDS        in the Command List, pick
                                               NAME and press Execute: the
                                               command's first form
    gajim_ui.py form-fill LABEL=VALUE... SECONDS
                                               type VALUE into the form's
                                               field labelled LABEL (a
                                               list: choose the option
                                               shown as VALUE; \n: a new
                                               line)
    gajim_ui.py form-press BUTTON SECONDS     press the command window's
                                               BUTTON ("Complete") once it
                                               takes a press
    gajim_ui.py form-read PAGE NOTE SECONDS   once the command window shows
                                               PAGE ("Stage", "Completed")
                                               with a note containing NOTE,
                                               print its notes and fields
                                               as JSON (else what it shows)
    gajim_ui.py dump                          the visible tree, for people

Gajim 1.7.3's command window (Execute Command), as AT-SPI shows it: a
frame named after its page ("Command List", "Executing…", "Stage",
"Completed"); the commands are the cells of a table; a form is a grid
whose children come last field first, each field's widget just before
its label (its warning icon, a filler, before that), without an
accessible relation between the two; the notes of a stage are labels
above the form's scroll pane. A field takes its value 200 ms after a
change (Gajim validates it then): until then Complete is insensitive
and ignores its press action.

 the chat list is a list box
whose rows hold the chat's title and its last message as labels; the
open chat has the same title in its header, its messages as labels in a
list box, and one editable text without a name (the message box; the
search fields are named "Search").
"""
import json
import sys

import pyatspi

import atspi_wait

APP = "org.gajim.Gajim"


def fail(why):
    atspi_wait.fail("gajim_ui", why)


def until(what, fn, seconds):
    """fn() until it returns something true, at most SECONDS."""
    return atspi_wait.until("gajim_ui", what, fn, seconds)


def app():
    return atspi_wait.find_app(APP)


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


click = atspi_wait.click


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
    atspi_wait.send_text("gajim_ui", box, text, seconds)


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


# ---- menus, Service Discovery and the command window

def window(name):
    """Gajim's top-level window named NAME, if showing."""
    a = app()
    return next((w for w in a if w is not None and w.name == name
                 and showing(w)), None) if a is not None else None


def every(a):
    """Everything under a, showing or not (a form's fields scrolled out
    of sight are not showing)."""
    if a is None:
        return
    yield a
    for c in a:
        yield from every(c)


def press(a):
    """a's first action, once a is sensitive; true if done. (GTK 3 says
    it did the action also when the button was insensitive and ignored
    it.)"""
    if not a.getState().contains(pyatspi.STATE_SENSITIVE):
        return False
    return a.queryAction().doAction(0)


def menu(path, seconds):
    names = [n.strip() for n in path.split(">")]
    win = until("Gajim's main window", main_window, seconds)
    bar = until("the menu bar", lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_MENU_BAR),
        seconds)

    def item():
        node = bar
        for n in names:
            node = next(c for c in node if c is not None and c.name == n)
        return node
    # A menu item's action activates it without the menus drawn open.
    until(f"the menu item '{path}' taken", lambda: press(item()), seconds)


def disco_command(item, seconds):
    win = until("the Service Discovery window", lambda: next(
        w for w in app() if w is not None and showing(w)
        and w.name.startswith("Browsing ")), seconds)
    cell = until(f"'{item}' in Service Discovery", lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_TABLE_CELL
        and item in x.name.split("\n")), seconds)
    button = until("the Command button", lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_PUSH_BUTTON
        and x.name == "Command"), seconds)
    click(cell)
    # Command acts on the selected row (pressed before the click is
    # taken, it does nothing), and turns sensitive once Gajim knows
    # that row offers commands.
    until(f"'{item}' selected", lambda: cell.getState().contains(
        pyatspi.STATE_SELECTED), seconds)
    until("Command pressed", lambda: press(button), seconds)
    until("the Command List", lambda: window("Command List"), seconds)


def adhoc_run(name, seconds):
    win = until("the Command List", lambda: window("Command List"),
                seconds)
    table = until("the list of commands", lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_TABLE),
        seconds)
    cell = until(f"command '{name}'", lambda: next(
        c for c in table if c is not None and c.name == name), seconds)
    sel = table.querySelection()
    until(f"'{name}' selected", lambda: sel.selectChild(
        cell.getIndexInParent()) and cell.getState().contains(
        pyatspi.STATE_SELECTED), seconds)
    button = until("Execute", lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_PUSH_BUTTON
        and x.name == "Execute"), seconds)
    until("Execute pressed", lambda: press(button), seconds)
    until("the command's form", lambda: window("Stage"), seconds)


def form_grid(win):
    """The grid of the form: the panel holding its labels and widgets."""
    scroll = next(x for x in every(win)
                  if x.getRole() == pyatspi.ROLE_SCROLL_PANE)
    return next(x for x in every(scroll) if x.getRole() == pyatspi.ROLE_PANEL
                and any(c.getRole() == pyatspi.ROLE_LABEL for c in x))


def field(grid, label):
    """The widget of the field labelled LABEL: the nearest child before
    the label that is not a filler (the warning icon's box)."""
    kids = list(grid)
    for i, x in enumerate(kids):
        if x.getRole() == pyatspi.ROLE_LABEL and x.name == label:
            for w in reversed(kids[:i]):
                if w.getRole() == pyatspi.ROLE_FILLER:
                    continue
                if w.getRole() == pyatspi.ROLE_SCROLL_PANE:
                    return next(t for t in every(w)
                                if t.getRole() == pyatspi.ROLE_TEXT)
                return w
    return None


def value_of(w):
    role = w.getRole()
    if role == pyatspi.ROLE_TEXT:
        return w.queryText().getText(0, -1)
    if role == pyatspi.ROLE_CHECK_BOX:
        return w.getState().contains(pyatspi.STATE_CHECKED)
    return w.name   # a combo box is named after its choice


def set_field(grid, label, value):
    w = field(grid, label)
    if w is None:
        return False
    if w.getRole() == pyatspi.ROLE_COMBO_BOX:
        options = [c for c in every(w) if c.getRole() ==
                   pyatspi.ROLE_MENU_ITEM]
        i = next((k for k, o in enumerate(options) if o.name == value),
                 None)
        if i is None:
            fail(f"field '{label}' offers no '{value}': "
                 f"{[o.name for o in options]}")
        w.querySelection().selectChild(i)
    else:
        w.queryEditableText().setTextContents(value)
    return value_of(w) == value


def form_fill(*args):
    *pairs, seconds = args
    win = until("the command's form", lambda: window("Stage"), seconds)
    for pair in pairs:
        label, _, value = pair.partition("=")
        value = value.replace("\\n", "\n")
        until(f"'{value}' in field '{label}'",
              lambda: set_field(form_grid(win), label, value), seconds)


def form_press(name, seconds):
    win = until("the command's form", lambda: window("Stage"), seconds)
    button = until(name, lambda: next(
        x for x in walk(win) if x.getRole() == pyatspi.ROLE_PUSH_BUTTON
        and x.name == name), seconds)
    before = form_grid(win)
    until(f"{name} pressed", lambda: press(button), seconds)
    # Gajim drops the form when it takes the press ("Executing…"), and
    # draws the answer's form anew: the next Stage may come within
    # milliseconds, with the same buttons.
    until(f"{name} taken (the form gone)",
          lambda: window("Stage") is None or form_grid(win) != before,
          seconds)


def page(win):
    """What a page of the command window shows: its notes (labels
    outside the form) and its fields (label -> value)."""
    grid = None
    try:
        grid = form_grid(win)
    except StopIteration:
        pass
    notes = [x.name for x in walk(win) if x.getRole() == pyatspi.ROLE_LABEL
             and x.name and not any(p == grid for p in ancestors(x))]
    fields = {}
    if grid is not None:
        for x in grid:
            if x.getRole() == pyatspi.ROLE_LABEL:
                w = field(grid, x.name)
                # (The form's title and instructions are labels too.)
                if w is not None and w.getRole() != pyatspi.ROLE_LABEL:
                    fields[x.name] = value_of(w)
    return {"page": win.name, "notes": notes, "fields": fields}


def ancestors(x):
    p = x.parent
    while p is not None:
        yield p
        p = p.parent


def form_read(name, note, seconds):
    def shown():
        win = window(name)
        got = page(win) if win is not None else None
        return got if got and any(note in n for n in got["notes"]) \
            else None
    try:
        print(json.dumps(until(f"page '{name}' with a note '{note}'",
                               shown, seconds)))
    except SystemExit:
        a = app()
        fail("the command window shows " + json.dumps(
            [page(w) for w in a if w is not None and showing(w)
             and w.name != "Gajim"]))


def dump():
    a = app()
    if a is None:
        fail("no Gajim on the accessibility bus")
    atspi_wait.dump(walk, a, 80)


def main(argv):
    if not argv:
        sys.exit(__doc__)
    cmd, args = argv[0], argv[1:]
    steps = {"wait-app": (1, lambda s: until("Gajim on the accessibility "
                                             "bus", app, s)),
             "open-chat": (2, open_chat), "say": (3, say),
             "wait-text": (3, wait_text), "wait-row": (3, wait_row),
             "reopen": (3, reopen), "wait-window": (2, wait_window),
             "menu": (2, menu), "disco-command": (2, disco_command),
             "adhoc-run": (2, adhoc_run), "form-fill": (None, form_fill),
             "form-press": (2, form_press), "form-read": (3, form_read),
             "dump": (0, dump)}
    want = steps.get(cmd, (-1,))[0]
    if want != len(args) and (want is not None or len(args) < 2):
        sys.exit(__doc__)
    steps[cmd][1](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
