"""
harness.py - the integration-test harness: a real XMPP server on loopback
(Prosody, or ejabberd: Env(server=...) or ECOPPER_TEST_SERVER), the built
ecopper daemon attached to it as an external component (XEP-0114), and
real slixmpp clients.

One Env per scenario. It owns a temp dir (configs, the server's data, the
ecopper database and every log), the server process, the ecopper process
and the clients; leaving the `async with` block ends all three. A failed
scenario keeps the dir and its logs; a passing one deletes it.

Waiting is always "until X or a deadline": on a TCP port, on a line in a
log, on a stanza. Nothing here sleeps for a fixed time and hopes.

Run scenarios with tests/run-integration; this module is a library only.
"""

import asyncio
import contextlib
import copy
import ctypes
import logging
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape, quoteattr

from slixmpp import ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher.base import MatcherBase

import when

REPO = Path(__file__).resolve().parents[2]
PROSODY = os.environ.get("ECOPPER_PROSODY", "/usr/bin/prosody")
PROSODYCTL = os.environ.get("ECOPPER_PROSODYCTL", "/usr/bin/prosodyctl")
ERL = os.environ.get("ECOPPER_ERL", "/usr/bin/erl")
# The snippet admins copy into ejabberd.yml: the harness builds its
# ejabberd config from it (ejabberd_config), so a run proves it works.
EJABBERD_SNIPPET = REPO / "conf" / "ejabberd" / "ecopper.yml"

# The servers an Env can run; the default is ECOPPER_TEST_SERVER's, else
# the first.
SERVERS = ("prosody", "ejabberd")
# The error each server answers a client's stanza with when the resource
# of its 'to' fails the server's resourceprep (a TAB, a DEL; for ejabberd,
# whose stringprep tables are Unicode 3.2's, also a code point added
# since, like U+2705): ecopper never sees such a stanza.
BAD_TO_CONDITION = {"prosody": "jid-malformed", "ejabberd": "bad-request"}

COMPONENT = "muc.localhost"
DOMAIN = "localhost"
ANON_DOMAIN = "anon.localhost"
ADMIN = ("admin@localhost", "adminpass")
USER = ("user@localhost", "userpass")

NS_CLIENT = "jabber:client"
NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
NS_DISCO_INFO = "http://jabber.org/protocol/disco#info"
NS_DISCO_ITEMS = "http://jabber.org/protocol/disco#items"
NS_COMMANDS = "http://jabber.org/protocol/commands"
NS_DATA = "jabber:x:data"
NS_PING = "urn:xmpp:ping"
NS_VERSION = "jabber:iq:version"
NS_MUC = "http://jabber.org/protocol/muc"
NS_XML = "http://www.w3.org/XML/1998/namespace"

DEFAULT_PLUGINS = ("xep_0030", "xep_0004", "xep_0050", "xep_0199",
                   "xep_0092", "xep_0045")

LOG_TAIL_LINES = 40
POLL = 0.05  # seconds between two looks at a port, a file or a process
PORT_TRIES = 3  # server starts on new ports after a port was taken

log = logging.getLogger("harness")


def dated(fn):
    """Marks a scenario whose instants come from the date base (when.py):
    tests/check.sh runs these again with the base moved
    (run-integration --dated)."""
    fn.dated = True
    return fn


def test_clock_args(args):
    """ecopper's arguments with test mode's clock set: a bare -T (test
    mode on the real clock) becomes -t when.START, so that rooms, sessions
    and everything else a scenario makes are dated from the base, never
    from the day the suite runs. An explicit -t stays as it is."""
    args = list(args)
    if "-T" in args and "-t" not in args:
        i = args.index("-T")
        args[i:i + 1] = ["-t", when.START]
    return args


def prosody_only(fn):
    """Marks a scenario that depends on Prosody itself (its log, one of its
    modules, its HTTP server) rather than on what any XMPP server does:
    run-integration --server ejabberd skips it. Say why beside the
    decorator."""
    fn.prosody_only = True
    return fn


def default_server():
    """The server an Env runs when not told: ECOPPER_TEST_SERVER, else
    prosody."""
    server = os.environ.get("ECOPPER_TEST_SERVER") or SERVERS[0]
    if server not in SERVERS:
        raise HarnessError(f"ECOPPER_TEST_SERVER={server!r}: not one of "
                           f"{', '.join(SERVERS)}")
    return server


class HarnessError(Exception):
    """The environment itself failed (Prosody did not start, ...)."""


class PortTaken(HarnessError):
    """A port the harness picked was taken by another process between the
    pick and the server's bind (another test run on the machine, say):
    Env picks new ones and starts the server again."""


# ---------------------------------------------------------------- processes

def _die_with_parent():
    """preexec_fn: the child gets SIGKILL if the test runner dies, so a
    crashed or killed runner never leaves a Prosody or ecopper behind."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _spawn(argv, logpath, env=None, cwd=None):
    """Starts argv with stdout and stderr appended to logpath, in a process
    group of its own (so that _kill can end whatever it started too)."""
    with open(logpath, "ab") as out:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True,
                                preexec_fn=_die_with_parent)


async def _kill(proc):
    """SIGKILL to proc's process group, then reap proc."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    await _wait_exit(proc, 5)
    return proc.returncode


async def _wait_exit(proc, timeout):
    """The exit code of proc, or None if it still runs after timeout s."""
    deadline = time.monotonic() + timeout
    while True:
        rc = proc.poll()
        if rc is not None:
            return rc
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(POLL)


def tail(path, lines=LOG_TAIL_LINES, upto=None):
    """The last lines of a text file (of its first upto bytes, if given),
    or a note that it is missing."""
    try:
        with open(path, "rb") as f:
            data = f.read() if upto is None else f.read(upto)
    except OSError as e:
        return f"({path}: {e.strerror})"
    text = data.decode("utf-8", "replace").splitlines()
    return "\n".join(text[-lines:])


def _ephemeral_low():
    """The first port of the kernel's range for outgoing connections."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(n):
    """n distinct free TCP ports on 127.0.0.1 for Prosody to listen on.
    Taken at random below the kernel's range for outgoing connections
    (20000 up to it): a port picked there cannot be handed to a client's
    connect between the pick and Prosody's bind, as one from that range
    (bind to port 0) can; another test run on the machine could still
    take one, which start_prosody() reports."""
    low, high = 20000, _ephemeral_low()
    if high - low < 1000:
        low, high = None, None
    ports = []
    while len(ports) < n:
        port = random.randrange(low, high) if low else 0
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            port = s.getsockname()[1]
        if port not in ports:
            ports.append(port)
    return ports


def _port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _lua_str(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------- stanzas

def as_element(payload):
    """An ElementTree element from an element or an XML string."""
    if payload is None or isinstance(payload, ET.Element):
        return payload
    return ET.fromstring(payload)


def xml_of(stanza):
    """The ElementTree element of a slixmpp stanza (or the element)."""
    return stanza.xml if hasattr(stanza, "xml") else stanza


def to_string(stanza):
    """XML text of a stanza (slixmpp's rendering keeps the namespaces
    readable) or of an element."""
    if hasattr(stanza, "xml"):
        return str(stanza)
    return ET.tostring(stanza, encoding="unicode")


@dataclass
class StanzaError:
    type: str
    condition: str
    text: str | None
    app: list = field(default_factory=list)  # other children, as tags


def stanza_error(stanza):
    """The <error/> of a stanza as a StanzaError, or None if it has none."""
    err = xml_of(stanza).find(f"{{{NS_CLIENT}}}error")
    if err is None:
        return None
    cond, text, app = None, None, []
    for child in err:
        if child.tag == f"{{{NS_STANZAS}}}text":
            text = child.text
        elif child.tag.startswith(f"{{{NS_STANZAS}}}") and cond is None:
            cond = child.tag.split("}", 1)[1]
        else:
            app.append(child.tag)
    return StanzaError(err.get("type"), cond, text, app)


def stanza_type(stanza):
    return xml_of(stanza).get("type")


def expect_result(stanza, what="request"):
    """Asserts an IQ is type result and returns it; else a clear message."""
    if stanza_type(stanza) != "result":
        raise AssertionError(f"{what}: expected a result, got "
                             f"{stanza_error(stanza)} in {to_string(stanza)}")
    return stanza


def expect_error(stanza, condition, etype=None, what="request"):
    """Asserts an IQ is an error with condition (and type); returns it."""
    err = stanza_error(stanza)
    if stanza_type(stanza) != "error" or err is None:
        raise AssertionError(f"{what}: expected error <{condition}/>, got "
                             f"{to_string(stanza)}")
    if err.condition != condition or (etype and err.type != etype):
        raise AssertionError(
            f"{what}: expected error <{condition}/>"
            f"{' type ' + etype if etype else ''}, got <{err.condition}/> "
            f"type {err.type} text {err.text!r}")
    return err


def query_of(stanza, ns, tag="query"):
    return xml_of(stanza).find(f"{{{ns}}}{tag}")


def identities(stanza):
    """(category, type, name) of each identity in a disco#info result."""
    q = query_of(stanza, NS_DISCO_INFO)
    if q is None:
        return []
    return [(i.get("category"), i.get("type"), i.get("name"))
            for i in q.findall(f"{{{NS_DISCO_INFO}}}identity")]


def features(stanza):
    """The set of feature vars of a disco#info result."""
    q = query_of(stanza, NS_DISCO_INFO)
    if q is None:
        return set()
    return {f.get("var") for f in q.findall(f"{{{NS_DISCO_INFO}}}feature")}


def items(stanza):
    """(jid, node, name) of each item in a disco#items result."""
    q = query_of(stanza, NS_DISCO_ITEMS)
    if q is None:
        return []
    return [(i.get("jid"), i.get("node"), i.get("name"))
            for i in q.findall(f"{{{NS_DISCO_ITEMS}}}item")]


# ---------------------------------------------------------------- data forms

@dataclass
class Field:
    var: str | None
    type: str | None
    label: str | None
    required: bool
    values: list
    options: list  # (label, value)

    @property
    def value(self):
        return self.values[0] if self.values else None


@dataclass
class Form:
    type: str
    title: str | None
    instructions: list
    fields: dict  # var -> Field, in document order
    reported: list  # Field
    items: list  # dict var -> list of values


def _parse_field(f):
    ns = f"{{{NS_DATA}}}"
    return Field(
        var=f.get("var"), type=f.get("type"), label=f.get("label"),
        required=f.find(ns + "required") is not None,
        values=[v.text or "" for v in f.findall(ns + "value")],
        options=[(o.get("label"), o.findtext(ns + "value"))
                 for o in f.findall(ns + "option")])


def parse_form(x):
    """A Form from an <x xmlns='jabber:x:data'/> element."""
    ns = f"{{{NS_DATA}}}"
    fields = {}
    for i, f in enumerate(x.findall(ns + "field")):
        fields[f.get("var") or f"#{i}"] = _parse_field(f)
    rep = x.find(ns + "reported")
    reported = [] if rep is None else [_parse_field(f)
                                       for f in rep.findall(ns + "field")]
    rows = []
    for item in x.findall(ns + "item"):
        rows.append({f.get("var"): [v.text or "" for v in
                                     f.findall(ns + "value")]
                     for f in item.findall(ns + "field")})
    return Form(type=x.get("type"), title=x.findtext(ns + "title"),
                instructions=[i.text or "" for i in
                              x.findall(ns + "instructions")],
                fields=fields, reported=reported, items=rows)


def submit_form(values, ftype="submit"):
    """An <x type='submit'/> element; values maps var -> str or list."""
    x = ET.Element(f"{{{NS_DATA}}}x", type=ftype)
    for var, val in values.items():
        f = ET.SubElement(x, f"{{{NS_DATA}}}field", var=var)
        for v in (val if isinstance(val, (list, tuple)) else [val]):
            ET.SubElement(f, f"{{{NS_DATA}}}value").text = str(v)
    return x


# ---------------------------------------------------------------- ad-hoc

@dataclass
class Command:
    """A parsed XEP-0050 <command/> reply (or the error)."""
    stanza: object
    error: StanzaError | None
    node: str | None = None
    sessionid: str | None = None
    status: str | None = None
    actions: list = field(default_factory=list)
    execute: str | None = None
    notes: list = field(default_factory=list)  # (type, text)
    note_langs: list = field(default_factory=list)  # each note's xml:lang
    form: Form | None = None

    def __str__(self):
        return to_string(self.stanza)


def parse_command(stanza):
    err = stanza_error(stanza) if stanza_type(stanza) == "error" else None
    cmd = Command(stanza=stanza, error=err)
    c = xml_of(stanza).find(f"{{{NS_COMMANDS}}}command")
    if c is None:
        return cmd
    cmd.node, cmd.sessionid = c.get("node"), c.get("sessionid")
    cmd.status = c.get("status")
    acts = c.find(f"{{{NS_COMMANDS}}}actions")
    if acts is not None:
        cmd.execute = acts.get("execute")
        cmd.actions = [a.tag.split("}", 1)[1] for a in acts]
    cmd.notes = [(n.get("type", "info"), n.text or "")
                 for n in c.findall(f"{{{NS_COMMANDS}}}note")]
    # A note's language: its own xml:lang, else its command's.
    cmd.note_langs = [n.get(f"{{{NS_XML}}}lang",
                            c.get(f"{{{NS_XML}}}lang"))
                      for n in c.findall(f"{{{NS_COMMANDS}}}note")]
    x = c.find(f"{{{NS_DATA}}}x")
    if x is not None:
        cmd.form = parse_form(x)
    return cmd


async def command(client, to, node, action="execute", sessionid=None,
                  form=None, timeout=10, lang=None):
    """Sends one XEP-0050 command request and returns the parsed reply
    (a Command whose .error is set when the reply is an IQ error). lang:
    the request's xml:lang (the language of the forms and texts)."""
    c = ET.Element(f"{{{NS_COMMANDS}}}command", node=node, action=action)
    if sessionid:
        c.set("sessionid", sessionid)
    if form is not None:
        c.append(form if isinstance(form, ET.Element) else submit_form(form))
    return parse_command(await send_iq(client, to, c, itype="set",
                                       timeout=timeout, lang=lang))


async def run_command(client, node, values, to=COMPONENT, timeout=10,
                      lang=None):
    """Runs a one-form command: execute, then submit values with the
    action the first step offers (complete, else execute). Returns
    (first step, final reply); the final reply is None if the first step
    did not ask for a form. lang: both requests' xml:lang."""
    first = await command(client, to, node, timeout=timeout, lang=lang)
    if first.error or first.status != "executing":
        return first, None
    action = "complete" if "complete" in first.actions or \
        first.execute == "complete" else "execute"
    last = await command(client, to, node, action=action,
                         sessionid=first.sessionid, form=values,
                         timeout=timeout, lang=lang)
    return first, last


def expect_completed(cmd, what):
    """Asserts a command reply is status completed; returns it."""
    if cmd is None:
        raise AssertionError(f"{what}: the first step asked for no form")
    if cmd.error or cmd.status != "completed":
        raise AssertionError(f"{what}: expected status completed, got "
                             f"{cmd.error or cmd.status}: {cmd}")
    return cmd


def expect_refused(cmd, kept=None, sessionid=None, what="submission"):
    """Asserts cmd is ecopper's answer to a submitted form with a value it
    refuses: the form shown again (status executing, an <x type='form'/>,
    actions offered, in the same session when sessionid is given) with
    one note of type error, and each field of kept (var -> str or list,
    as for submit_form: what was typed, list values as option values)
    holding those values. Returns (the note's text, its xml:lang)."""
    if cmd is None:
        raise AssertionError(f"{what}: the first step asked for no form")
    if cmd.error or cmd.status != "executing" or cmd.form is None:
        raise AssertionError(f"{what}: expected the form again with an "
                             f"error note, got {cmd.error or cmd.status}: "
                             f"{cmd}")
    if cmd.form.type != "form" or not cmd.actions:
        raise AssertionError(f"{what}: not a form to fill in: {cmd}")
    if sessionid is not None and cmd.sessionid != sessionid:
        raise AssertionError(f"{what}: session {cmd.sessionid}, want "
                             f"{sessionid}: {cmd}")
    errors = [i for i, (t, _) in enumerate(cmd.notes) if t == "error"]
    if len(errors) != 1:
        raise AssertionError(f"{what}: want one error note, got "
                             f"{cmd.notes}: {cmd}")
    for var, val in (kept or {}).items():
        want = [str(v) for v in (val if isinstance(val, (list, tuple))
                                 else [val])]
        got = cmd.form.fields.get(var)
        if got is None or got.values != want:
            raise AssertionError(f"{what}: field {var} holds "
                                 f"{got.values if got else None}, want "
                                 f"{want} (what was typed): {cmd}")
    i = errors[0]
    return cmd.notes[i][1], cmd.note_langs[i]


async def submit_refused(client, to, node, first, values, kept=None,
                         action=None, lang=None, what=None):
    """Submits values to the session of first (the step that showed the
    form; the action it offers unless action is given) and asserts the
    form comes back refused with the values kept (expect_refused; kept
    defaults to values). Returns (the reply, the note's text, its
    xml:lang)."""
    if action is None:
        action = first.execute or "complete"
    cmd = await command(client, to, node, action=action,
                        sessionid=first.sessionid, form=values, lang=lang)
    text, tlang = expect_refused(cmd, values if kept is None else kept,
                                 sessionid=first.sessionid,
                                 what=what or f"{node} refused")
    return cmd, text, tlang


async def create_room(client, name, title=None, description=None):
    """Creates NAME@muc.localhost with the create-room command (client
    must be an admin); asserts it completed. Returns the final reply."""
    values = {"name": name}
    if title is not None:
        values["title"] = title
    if description is not None:
        values["description"] = description
    first, last = await run_command(client, "create-room", values)
    if first.error:
        raise AssertionError(f"create-room {name}: {first.error}: {first}")
    expect_completed(last, f"create-room {name}")
    if last.notes and any(t == "error" for t, _ in last.notes):
        raise AssertionError(f"create-room {name}: error note: {last}")
    return last


async def room_jids(client):
    """The JIDs in disco#items of the component (the public rooms)."""
    r = expect_result(await disco_items(client), "disco#items of "
                      + COMPONENT)
    return {jid for jid, _, _ in items(r)}


# ---------------------------------------------------------------- clients

async def send_iq(client, to, payload, itype="get", timeout=10, lang=None):
    """Sends an IQ with payload (element or XML string) and returns the
    reply stanza, result or error alike, so that scenarios can assert on
    error conditions. No reply within timeout s is an AssertionError.
    lang: the IQ's xml:lang (none by default)."""
    # make_iq's default id is "0" for every IQ: give each its own, so that
    # replies cannot be matched to the wrong request.
    iq = client.make_iq(id=client.new_id(), ito=to, itype=itype)
    if lang:
        iq["lang"] = lang
    el = as_element(payload)
    if el is not None:
        iq.append(el)
    sent = to_string(iq)
    try:
        return await iq.send(timeout=timeout)
    except IqError as e:
        return e.iq
    except IqTimeout:
        raise AssertionError(f"no reply within {timeout} s to {sent}") \
            from None


async def disco_info(client, to=COMPONENT, node=None, timeout=10, lang=None):
    q = ET.Element(f"{{{NS_DISCO_INFO}}}query")
    if node:
        q.set("node", node)
    return await send_iq(client, to, q, timeout=timeout, lang=lang)


async def disco_items(client, to=COMPONENT, node=None, timeout=10,
                      lang=None):
    q = ET.Element(f"{{{NS_DISCO_ITEMS}}}query")
    if node:
        q.set("node", node)
    return await send_iq(client, to, q, timeout=timeout, lang=lang)


class _Predicate(MatcherBase):
    def __init__(self, pred, on_error):
        super().__init__(pred)
        self._on_error = on_error

    def match(self, stanza):
        try:
            return bool(self._criteria(stanza))
        except Exception as e:  # a broken predicate fails the wait
            self._on_error(e)
            return False


class Expect:
    """A registered wait for one incoming stanza matching predicate.

    Create it BEFORE the action that makes the stanza arrive, then await
    .wait(): nothing that arrives in between is missed.
    """
    _seq = 0

    def __init__(self, client, predicate, what=None):
        Expect._seq += 1
        self.client = client
        self.what = what or getattr(predicate, "__name__", "stanza")
        self.name = f"harness-expect-{Expect._seq}"
        self.future = asyncio.get_running_loop().create_future()

        def on_error(e):
            if not self.future.done():
                self.future.set_exception(e)

        def on_match(stanza):
            if not self.future.done():
                self.future.set_result(stanza)

        client.register_handler(Callback(self.name,
                                         _Predicate(predicate, on_error),
                                         on_match, once=True))

    async def wait(self, timeout=10):
        try:
            return await asyncio.wait_for(asyncio.shield(self.future),
                                          timeout)
        except asyncio.TimeoutError:
            raise AssertionError(
                f"{self.client.boundjid}: no {self.what} within {timeout} s"
            ) from None
        finally:
            self.cancel()

    def cancel(self):
        self.client.remove_handler(self.name)


def expect(client, predicate, what=None):
    return Expect(client, predicate, what)


async def wait_until(condition, timeout=10, what="a condition"):
    """Waits until condition() is true (what a Recorder has gathered,
    say), looking every 50 ms; fails after timeout s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting "
                                 f"for {what}")
        await asyncio.sleep(0.05)


async def wait_for(client, predicate, timeout=10, action=None, what=None):
    """Waits for an incoming stanza for which predicate(stanza) is true and
    returns it. The handler is registered first, then action() (if given;
    it may return an awaitable) runs, so the reply cannot be missed."""
    w = Expect(client, predicate, what)
    try:
        if action is not None:
            r = action()
            if asyncio.iscoroutine(r) or isinstance(r, asyncio.Future):
                await r
    except BaseException:
        w.cancel()
        raise
    return await w.wait(timeout)


# ---------------------------------------------------------------- relay
# ecopper reaches Prosody's component port through a transparent TCP relay
# in the harness, which keeps a copy of every byte ecopper sends
# (component-out.xml in the temp dir). At teardown the Env parses that copy
# into stanzas and fails the scenario if any stanza not addressed to a
# youth (an anonymous login) contains that youth's real JID.

CAPTURE_FILE = "component-out.xml"
NS_STREAMS = "http://etherx.jabber.org/streams"
RELAY_CONNECT_TIMEOUT = 5  # seconds to reach Prosody for a new connection
RELAY_DRAIN_TIMEOUT = 3  # seconds at teardown for open connections to end

# Each section of the capture starts with one of these lines. "open": a
# connection from ecopper that reached Prosody; "data": more bytes of
# connection N after bytes of another; "close": N ended; "refused": N was
# accepted but Prosody could not be reached, so it was closed at once.
# ecopper's own bytes cannot contain one: it never writes comments, and a
# '<' in text or attribute values is escaped.
_RELAY_MARK = re.compile(
    rb"\n<!--relay (\d+) (open|data|close|refused)[^>]*-->\n")


class Relay:
    """A TCP relay on a free loopback port: each connection accepted is
    joined to a new connection to upstream_port (Prosody's component
    port) and bytes are copied both ways, half-closes and resets
    included; what the accepted side sends is appended to capture_path.
    Runs in the current event loop. If Prosody cannot be reached, the
    accepted connection is closed at once, as a refused connect would
    end it."""

    def __init__(self, upstream_port, capture_path, host="127.0.0.1"):
        self.host = host
        self.upstream_port = upstream_port
        self.capture_path = Path(capture_path)
        self.port = None
        self.connections = 0
        self._server = None
        self._out = None
        self._last = None  # connection whose bytes the capture ends with
        self._tasks = set()
        self._transports = set()
        # Cleared by hold(): what ecopper sends is not read (a server that
        # stopped reading), until release().
        self._flowing = asyncio.Event()
        self._flowing.set()

    def hold(self):
        """Stops reading what ecopper sends, as a stuck server would:
        the kernel's buffers fill, then ecopper's own send queue."""
        self._flowing.clear()

    def release(self):
        self._flowing.set()

    def cut(self):
        """Drops every connection through the relay at once, as a network
        or a server's component port would: ecopper reconnects; clients,
        connected to Prosody, stay."""
        for t in list(self._transports):
            t.abort()

    async def start(self):
        self._out = open(self.capture_path, "ab")
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def flush(self):
        if self._out is not None:
            self._out.flush()

    def _mark(self, n, what, note=""):
        if self._out is None:
            return
        stamp = time.strftime("%H:%M:%S")
        self._out.write(f"\n<!--relay {n} {what} {stamp}{note}-->\n"
                        .encode())
        self._last = n

    def _record(self, n, data):
        if self._out is None:
            return
        if self._last != n:
            self._mark(n, "data")
        self._out.write(data)

    async def _accept(self, dreader, dwriter):
        self.connections += 1
        n = self.connections
        task = asyncio.current_task()
        self._tasks.add(task)
        self._transports.add(dwriter.transport)
        uwriter = None
        try:
            try:
                ureader, uwriter = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.upstream_port),
                    RELAY_CONNECT_TIMEOUT)
            except (OSError, asyncio.TimeoutError) as e:
                self._mark(n, "refused",
                           f" (upstream port {self.upstream_port}: "
                           f"{type(e).__name__})")
                # End our side, then let ecopper close: closing with its
                # bytes unread would reset the connection instead.
                with contextlib.suppress(OSError, asyncio.TimeoutError):
                    dwriter.write_eof()
                    await asyncio.wait_for(self._pipe(n, dreader, None),
                                           RELAY_CONNECT_TIMEOUT)
                return
            self._transports.add(uwriter.transport)
            peer = dwriter.get_extra_info("peername")
            self._mark(n, "open", f" from {peer[0]}:{peer[1]}")
            await asyncio.gather(self._pipe(n, dreader, uwriter, dwriter),
                                 self._pipe(None, ureader, dwriter, uwriter))
        finally:
            for w in (dwriter, uwriter):
                if w is not None:
                    w.close()
                    self._transports.discard(w.transport)
            if self._out is not None:
                self._mark(n, "close")
            self._tasks.discard(task)

    async def _pipe(self, n, reader, writer, other=None):
        """Copies reader to writer (None: nowhere) until EOF, then
        half-closes writer; on an error (a reset, a write after the peer
        went) resets both sides. n: record under connection n."""
        try:
            while True:
                if n is not None:
                    await self._flowing.wait()
                data = await reader.read(65536)
                if not data:
                    break
                if n is not None:
                    self._record(n, data)
                if writer is not None:
                    writer.write(data)
                    await writer.drain()
            if writer is not None and not writer.transport.is_closing() \
                    and writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError):
            for w in (writer, other):
                if w is not None:
                    w.transport.abort()

    async def close(self, timeout=RELAY_DRAIN_TIMEOUT):
        """Stops accepting, gives open connections timeout s to end by
        themselves, then resets them; closes the capture file."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
        for t in list(self._transports):
            t.abort()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=1)
        if self._out is not None:
            self._out.close()
            self._out = None


def split_capture(data):
    """A capture (bytes or str) as {connection: bytes ecopper sent on it},
    in the order the connections opened. Text without relay marks is one
    connection, numbered 0 (for hand-written captures)."""
    if isinstance(data, str):
        data = data.encode()
    parts = _RELAY_MARK.split(data)
    conns = {}
    if parts[0].strip():
        conns[0] = parts[0]
    for i in range(1, len(parts), 3):
        n, chunk = int(parts[i]), parts[i + 2]
        conns[n] = conns.get(n, b"") + chunk
    return conns


_STREAM_OPEN = re.compile(
    rb"\A\s*(<\?xml[^>]*\?>\s*)?<([\w.-]+:)?stream[\s>/]")


@dataclass
class CapturedStanza:
    connection: int
    index: int  # 1-based, within the connection
    element: ET.Element

    @property
    def text(self):
        """The stanza as XML text (render_xml)."""
        return render_xml(self.element)

    def content(self):
        """Every attribute value and every piece of text in the stanza,
        entities resolved: where a JID could be."""
        parts = []
        for e in self.element.iter():
            parts += e.attrib.values()
            parts.append(e.text or "")
            if e is not self.element:
                parts.append(e.tail or "")
        return "\n".join(parts)


def render_xml(el, parent_ns=None):
    """An element as XML text with plain tag names and an xmlns wherever
    the namespace changes (readable, unlike ET.tostring's ns0:)."""
    ns, name = "", el.tag
    if name.startswith("{"):
        ns, name = name[1:].split("}", 1)
    out = ["<", name]
    if ns != parent_ns:
        out.append(f" xmlns={quoteattr(ns)}")
    for k, v in el.attrib.items():
        if k.startswith("{"):
            kns, k = k[1:].split("}", 1)
            if kns == "http://www.w3.org/XML/1998/namespace":
                k = "xml:" + k
        out.append(f" {k}={quoteattr(v)}")
    if len(el) == 0 and not el.text:
        out.append("/>")
    else:
        out.append(">")
        out.append(xml_escape(el.text or ""))
        for c in el:
            out.append(render_xml(c, ns))
            out.append(xml_escape(c.tail or ""))
        out.append(f"</{name}>")
    return "".join(out)


def parse_capture(data):
    """The stanzas of a capture, and the problems that kept some of it from
    being read: ([CapturedStanza], [str]). Per connection, an XML
    declaration and the <stream:stream> element are expected and the
    stanzas are its children; a connection without a stream opening (a
    hand-written capture) is read as a run of stanzas. Bytes after the
    last complete stanza of a connection that ended without closing its
    stream are a stanza cut by the disconnect, not a problem."""
    stanzas, problems = [], []
    for n, raw in split_capture(data).items():
        if not _STREAM_OPEN.match(raw):
            raw = (f"<capture xmlns='jabber:component:accept' "
                   f"xmlns:stream='{NS_STREAMS}'>".encode()
                   + re.sub(rb"\A\s*<\?xml[^>]*\?>", b"", raw))
        parser = ET.XMLPullParser(events=("start", "end"))
        parents, index = [], 0
        try:
            for off in range(0, len(raw), 65536):
                parser.feed(raw[off:off + 65536])
                for ev, el in parser.read_events():
                    if ev == "start":
                        parents.append(el)
                        continue
                    parents.pop()
                    if len(parents) == 1:  # a child of the stream ended
                        index += 1
                        stanzas.append(CapturedStanza(n, index, el))
                        parents[0].remove(el)  # keep memory flat
        except ET.ParseError as e:
            line, col = e.position
            at = sum(len(x) + 1 for x in raw.split(b"\n")[:line - 1]) + col
            near = raw[max(0, at - 150):at + 50].decode("utf-8", "replace")
            problems.append(f"connection {n}: not well-formed after stanza "
                            f"{index} ({e}), near {near!r}")
    return stanzas, problems


def bare_jid(jid):
    """The bare JID of a JID string, lowercased ('' for None)."""
    return str(jid or "").split("/", 1)[0].lower()


@dataclass
class AnonymityViolation:
    """A stanza ecopper sent that reveals a youth's JID to someone else
    (youth set), or a part of the capture that could not be read (youth
    None: then nothing after it in that connection was checked)."""
    connection: int
    index: int
    to: str | None
    youth: str | None
    stanza: str  # the stanza's text, or the parse problem

    def __str__(self):
        text = self.stanza if len(self.stanza) <= 400 else \
            self.stanza[:400] + "..."
        if self.youth is None:
            return f"capture not readable: {text}"
        return (f"youth {self.youth}'s JID sent to {self.to or '(no to)'} "
                f"(connection {self.connection}, stanza {self.index}): "
                f"{text}")


NS_ADDRESS = "http://jabber.org/protocol/address"


def _without_bcc(s):
    """A copy of captured stanza s without the <address type='bcc'/>
    children of its XEP-0033 <addresses/> children (only those)."""
    el = copy.deepcopy(s.element)
    for addrs in el.findall(f"{{{NS_ADDRESS}}}addresses"):
        for a in addrs.findall(f"{{{NS_ADDRESS}}}address"):
            if a.get("type") == "bcc":
                addrs.remove(a)
    return CapturedStanza(s.connection, s.index, el)


def anonymity_violations(capture, youth_bare_jids, multicast=()):
    """Checks a capture of what ecopper sent (component-out.xml's text or
    bytes; see parse_capture) against the bare JIDs of the youths: every
    stanza whose text contains a youth's bare JID (case-insensitively)
    while its 'to' is not that youth is an AnonymityViolation, and so is
    every part of the capture that could not be parsed. [] means clean.

    multicast: the JIDs of the server's XEP-0033 multicast services
    ecopper said it uses (Env.multicast_services()). A message or presence
    to one of them lists its recipients' real JIDs as bcc addresses: it goes to the
    server's own service, which removes them before delivery (XEP-0033;
    test_multicast.py checks what recipients get), not to a person. So
    in a stanza whose 'to' is such a service, and only there, the bcc
    <address/> children of <addresses/> are not searched; everything else
    in it is, and a youth in any other kind of address (to, cc, ...)
    still counts."""
    youths = {bare_jid(j) for j in youth_bare_jids if j}
    services = {bare_jid(j) for j in multicast}
    stanzas, problems = parse_capture(capture)
    stanzas = [_without_bcc(s) if bare_jid(s.element.get("to")) in services
               else s for s in stanzas]
    out = [AnonymityViolation(None, None, None, None, p) for p in problems]
    if not youths:
        return out
    # Rather than search for each youth: find each '@domain' of a youth
    # domain and look up the local parts of a youth's length before it.
    domains = sorted({"@" + j.split("@", 1)[1] for j in youths if "@" in j})
    local_lengths = sorted({len(j.split("@", 1)[0]) for j in youths})
    for s in stanzas:
        text = s.content().lower()
        to, seen = bare_jid(s.element.get("to")), set()
        for dom in domains:
            at = text.find(dom)
            while at >= 0:
                for k in local_lengths:
                    if k > at:
                        break
                    jid = text[at - k:at] + dom
                    if jid in youths and jid != to and jid not in seen:
                        seen.add(jid)
                        out.append(AnonymityViolation(
                            s.connection, s.index, s.element.get("to"),
                            jid, s.text))
                at = text.find(dom, at + 1)
    return out


# ---------------------------------------------------------------- ejabberd
# Debian's ejabberd as installed (its Erlang release under /usr/lib), but
# started by the harness with erl itself, as `ejabberdctl foreground`
# would start it, and with nothing of the system's: its own node name,
# config, logs, Mnesia spool and Erlang cookie, all in the scenario's temp
# dir (ejabberdctl itself would switch to the ejabberd user and read
# /etc/ejabberd). Erlang distribution, which ejabberdctl's commands use,
# listens on a loopback port of the Env's own and needs no epmd
# (-erl_epmd_port, OTP 23 and later): two runs side by side never see
# each other's nodes, and no daemon outlives the run. The commands
# themselves (register, set_loglevel) go through ejabberd_ctl, the module
# ejabberdctl runs.

# The snippet's example names and secret, and what the tests use instead.
_SNIPPET_NAMES = {"staff.example.org": DOMAIN,
                  "anon.example.org": ANON_DOMAIN,
                  "muc.example.org": COMPONENT}
_SNIPPET_SECRET = "change-this-secret"


def _erl_str(value):
    """An Erlang string literal of value (str or Path), or a list literal
    of them for a list."""
    if isinstance(value, list):
        return "[" + ", ".join(map(_erl_str, value)) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def ejabberd_libs():
    """ERL_LIBS for Debian's ejabberd (as its ejabberdctl sets it): the
    directory holding ejabberd-VERSION/ebin. HarnessError if not
    installed."""
    found = sorted(Path("/usr/lib").glob("*/ejabberd-*/ebin/ejabberd.app"))
    if not found:
        raise HarnessError("ejabberd is not installed (no /usr/lib/*/"
                           "ejabberd-*/ebin): apt-get install ejabberd, or "
                           "tests/deps.sh")
    return str(found[-1].parents[2])


def _substitute(value, names):
    """value (YAML data) with every substring key of names replaced, in
    strings and in mapping keys alike."""
    if isinstance(value, str):
        for old, new in names.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {_substitute(k, names): _substitute(v, names)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, names) for v in value]
    return value


def ejabberd_config(snippet, *, c2s_port, component_port, secret,
                    log_level="info"):
    """The ejabberd.yml of a test server, as a dict: snippet (the text of
    conf/ejabberd/ecopper.yml) with the tests' domains, ports and secret,
    in a minimal config holding what the snippet leaves to the stock
    ejabberd.yml. Listeners: the client one on c2s_port without STARTTLS
    (the test server has no certificate; clients log in on loopback, as
    with Prosody), the component one on component_port; the server-to-
    server one is left out (nothing federates on loopback). The log
    level is info: at debug ejabberd writes each stanza's text as a list
    of byte values, and a flood of big stanzas then keeps it busy for
    seconds (clients.log and ecopper.log have every stanza anyway). A
    snippet of another shape than this expects is a HarnessError naming
    what changed, so that a change to it is looked at here too."""
    import yaml  # python3-yaml; only the ejabberd runs need it
    names = dict(_SNIPPET_NAMES, **{_SNIPPET_SECRET: secret})
    snip = _substitute(yaml.safe_load(snippet), names)

    def bad(what):
        return HarnessError(f"{EJABBERD_SNIPPET}: {what} (the harness "
                            f"builds the test config from it: see "
                            f"ejabberd_config in harness.py)")

    if not isinstance(snip, dict) or set(snip) != {"hosts", "host_config",
                                                   "listen"}:
        raise bad("expected the keys hosts, host_config and listen, got "
                  f"{sorted(snip) if isinstance(snip, dict) else snip!r}")
    if snip["hosts"] != [DOMAIN, ANON_DOMAIN]:
        raise bad(f"hosts {snip['hosts']}: expected the staff and the "
                  f"anonymous domain")
    listen, kinds = [], []
    for lst in snip["listen"]:
        module = lst.get("module")
        kinds.append(module)
        lst = dict(lst)
        if module == "ejabberd_c2s":
            lst.update(port=c2s_port, ip="127.0.0.1",
                       starttls_required=False)
        elif module == "ejabberd_service":
            if lst.get("ip") != "127.0.0.1":
                raise bad(f"the component listener is on {lst.get('ip')}, "
                          f"not on loopback")
            if lst.get("hosts") != {COMPONENT: {"password": secret}}:
                raise bad(f"the component listener's hosts "
                          f"{lst.get('hosts')}: expected muc.example.org "
                          f"with the password {_SNIPPET_SECRET}")
            lst["port"] = component_port
        elif module == "ejabberd_s2s_in":
            continue
        else:
            raise bad(f"a listener the harness does not know: {module}")
        listen.append(lst)
    if sorted(kinds) != ["ejabberd_c2s", "ejabberd_s2s_in",
                         "ejabberd_service"]:
        raise bad(f"listeners {kinds}: expected one each of c2s, s2s_in "
                  f"and service")
    return {
        "loglevel": log_level,
        # One log for the whole scenario, never rotated under the
        # harness's marks (ejabberd reads these from its command line,
        # where ejabberdctl puts them: Env._ejabberd_log_args).
        "log_rotate_count": 0,
        "log_rotate_size": "infinity",
        "log_burst_limit_count": 100000,
        "hosts": snip["hosts"],
        "host_config": snip["host_config"],
        "listen": listen,
        # What the snippet's client listener names (access: c2s, shaper:
        # c2s_shaper), as the stock ejabberd.yml defines it: 3000 bytes/s
        # in bursts of 20000 for everyone but the server's admins, who
        # are not slowed (here admin@localhost, whose flood in
        # test_link must reach ecopper at full speed).
        "acl": {"admin": {"user": [ADMIN[0]]}},
        "shaper": {"normal": {"rate": 3000, "burst_size": 20000}},
        "shaper_rules": {"c2s_shaper": {"none": "admin", "normal": "all"}},
        "access_rules": {"c2s": {"allow": "all"}},
        # ejabberd_ctl's commands (register, set_loglevel) from the
        # harness, as the stock config allows them.
        "api_permissions": {"console commands": {
            "from": ["ejabberd_ctl"], "who": "all", "what": "*"}},
        # What the Prosody of the tests has: rosters, service discovery
        # (it lists the component: a subdomain of localhost), ping, vCards
        # and offline messages; stream management with resumption, as the
        # stock ejabberd.yml has it (test_youth_drop.py). And XEP-0033 multicast for ecopper alone,
        # as the snippet shows it (commented out there: it slows
        # ejabberd's own mod_muc down), so that ecopper's room messages
        # go through it in every ejabberd scenario (test_multicast.py).
        "modules": {"mod_disco": {}, "mod_offline": {}, "mod_ping": {},
                    "mod_roster": {}, "mod_vcard": {},
                    "mod_stream_mgmt": {},
                    "mod_multicast": {
                        "access": {"allow": {"server": COMPONENT}}}},
    }


# ---------------------------------------------------------------- Env

class Env:
    """An XMPP server, an ecopper and clients in their own temp dir.

        async with Env("name") as env:
            await env.start_ecopper()
            c = await env.client(*ADMIN)

    server is "prosody" or "ejabberd" (default: default_server()); either
    runs on loopback ports of its own with the same hosts, and the
    server's methods (start_server, stop_server, kill_server,
    restart_server, register, set_server_log_level) work for both.
    On entry the server runs with the accounts ADMIN and USER. On exit
    everything is stopped; on failure the temp dir is kept and, if report
    is true, the tails of the server's log and ecopper.log are printed.

    ecopper's config points at a Relay to the server's component port
    (unless relay is false, or ECOPPER_TEST_RELAY=0) that keeps what
    ecopper sends in component-out.xml; at teardown a youth's JID in a
    stanza to anyone else fails the scenario (anonymity_violations).

    http=True (the web tier; Prosody only) also runs Prosody's HTTP server
    on a free loopback port (http_port, http_url): mod_websocket at
    /xmpp-websocket, mod_bosh at /http-bind and mod_http_files serving
    http_files_dir (default conf/web, the youth page) at /.
    """

    def __init__(self, name="scenario", *, accounts=(ADMIN, USER),
                 extra_env=None, report=True, keep=False,
                 ecopper_bin=None, relay=None, http=False,
                 http_files_dir=None, server=None):
        self.server = server or default_server()
        if self.server not in SERVERS:
            raise HarnessError(f"server {self.server!r}: not one of "
                               f"{', '.join(SERVERS)}")
        if http and self.server != "prosody":
            raise HarnessError("http=True (the web tier) needs Prosody's "
                               "HTTP server")
        self.name = name
        self.accounts = list(accounts)
        self.extra_env = dict(extra_env or {})
        self.report = report
        self.keep = keep
        self.ecopper_bin = Path(ecopper_bin or os.environ.get(
            "ECOPPER_BIN", REPO / "build" / "ecopper"))
        self.secret = secrets.token_hex(12)
        self.dir = None
        self.prosody = None
        self.ejabberd = None
        self.ecopper = None
        self.clients = []
        self.c2s_port = self.component_port = None
        self.dist_port = None  # ejabberd's Erlang distribution
        self.failed = False
        self._runs = 0
        self._log_handler = None
        self._ecopper_reaped = True  # no ecopper expected to be running
        self._server_log_mark = None  # size of the server log at teardown
        self.teardown_problem = None
        self.use_relay = relay if relay is not None else \
            os.environ.get("ECOPPER_TEST_RELAY", "1") != "0"
        self.relay = None
        self.youth_jids = []  # full JIDs bound by anonymous logins
        self.mounts = []  # small file systems of small_disk(), unmounted last
        self._ecopper_db = None
        self.http = http
        self.http_files_dir = Path(http_files_dir or REPO / "conf" / "web")
        self.http_port = None

    # paths
    @property
    def prosody_config(self):
        return self.dir / "prosody.cfg.lua"

    @property
    def prosody_log(self):
        return self.dir / "prosody.log"

    @property
    def ejabberd_config(self):
        return self.dir / "ejabberd.yml"

    @property
    def ejabberd_log(self):
        """ejabberd's log (its error.log and crash.log are beside it)."""
        return self.dir / "ejabberd.log"

    @property
    def ejabberd_node(self):
        """The Erlang node name of this Env's ejabberd: its own for each
        run (the c2s port is), never the system's ejabberd@localhost."""
        return f"ecopper-test-{self.c2s_port}@localhost"

    @property
    def server_log(self):
        """The running server's log."""
        return self.prosody_log if self.server == "prosody" \
            else self.ejabberd_log

    @property
    def server_process(self):
        """The server's process (a Popen), or None when it is not
        running."""
        return self.prosody if self.server == "prosody" else self.ejabberd

    @property
    def ecopper_log(self):
        return self.dir / "ecopper.log"

    @property
    def ecopper_db(self):
        """ecopper's database: ecopper.db in the temp dir, unless a
        scenario put it elsewhere (on a small_disk(), say)."""
        return self._ecopper_db or self.dir / "ecopper.db"

    @ecopper_db.setter
    def ecopper_db(self, path):
        self._ecopper_db = Path(path)

    @property
    def capture_path(self):
        return self.dir / CAPTURE_FILE

    @property
    def http_url(self):
        """Prosody's HTTP server (http=True), ending in '/'; else None."""
        return f"http://127.0.0.1:{self.http_port}/" if self.http_port \
            else None

    # ---- lifecycle

    async def __aenter__(self):
        base = os.environ.get("ECOPPER_TEST_TMP") or None
        if base:
            os.makedirs(base, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_"
                       for ch in self.name)[:60]
        self.dir = Path(tempfile.mkdtemp(prefix=f"ecopper-{safe}-", dir=base))
        self._start_client_log()
        try:
            for attempt in range(PORT_TRIES):
                try:
                    await self._start_server_on_free_ports(attempt == 0)
                    break
                except PortTaken:
                    if attempt == PORT_TRIES - 1:
                        raise
                    log.info("a port was taken; trying new ones")
                    await self._forget_failed_start()
        except BaseException:
            await self.__aexit__(None, None, None, failed=True)
            raise
        return self

    async def _start_server_on_free_ports(self, first):
        """Picks ports and starts the server (first: Prosody's accounts
        are registered too; they outlive a failed start)."""
        ports = free_ports(3 if self.http or self.server == "ejabberd"
                           else 2)
        self.c2s_port, self.component_port = ports[:2]
        self.http_port = ports[2] if self.http else None
        if self.use_relay:
            if self.relay is None:
                self.relay = await Relay(self.component_port,
                                         self.capture_path).start()
            self.relay.upstream_port = self.component_port
        if self.server == "ejabberd":
            self.dist_port = ports[2]
            self._write_ejabberd_config()
            await self.start_ejabberd(accounts=self.accounts)
        else:
            self._write_prosody_config()
            for jid, password in self.accounts if first else ():
                self.register(jid, password)
            await self.start_prosody()

    async def _forget_failed_start(self):
        """After a start that lost a port: the server stopped, and what it
        wrote that names its old ports (ejabberd's Mnesia spool names the
        node, and the node is named by the port) gone."""
        if self.server == "ejabberd":
            if self.ejabberd is not None:
                await _kill(self.ejabberd)
                self.ejabberd = None
            shutil.rmtree(self.dir / "ejabberd-spool", ignore_errors=True)
        else:
            await self.kill_prosody()

    async def __aexit__(self, etype, exc, tb, failed=None):
        self.failed = bool(failed if failed is not None
                           else etype is not None)
        try:
            await self._teardown()
        except AssertionError as e:
            # teardown found a problem (ecopper crashed or exited badly):
            # that fails the scenario even if its body passed.
            self.failed = True
            self.teardown_problem = str(e)
            self._finish()
            if etype is None:
                raise
            return False
        self._finish()
        return False

    def _finish(self):
        self._stop_client_log()
        if self.failed:
            if self.report:
                print(self.diagnostics(), flush=True)
        elif not self.keep and self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)

    async def _teardown(self):
        problems = []
        with contextlib.suppress(OSError):
            self._server_log_mark = self.server_log.stat().st_size
        closing = []
        for c in self.clients:
            with contextlib.suppress(Exception):
                closing.append(c.disconnect(wait=0.5))
        if closing:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    asyncio.gather(*closing, return_exceptions=True), 3)
        for c in self.clients:
            with contextlib.suppress(Exception):
                c.abort()
            # slixmpp leaves the client's output-filter task waiting for
            # good: collected while pending (the anonymity check's parsing
            # can set off a collection) it logs "Task was destroyed but it
            # is pending!". End it.
            out_filters = getattr(c, "_run_out_filters", None)
            if out_filters is not None:
                out_filters.cancel()
        self.clients.clear()
        if self.ecopper is not None:
            proc = self.ecopper
            rc = proc.poll()
            if rc is not None and not self._ecopper_reaped:
                problems.append(f"ecopper died during the scenario with "
                                f"{_describe_rc(rc)}")
            elif rc is None:
                try:
                    rc = await self.stop_ecopper(timeout=5)
                except AssertionError as e:
                    problems.append(str(e))
                else:
                    if rc != 0:
                        problems.append(f"ecopper exited with "
                                        f"{_describe_rc(rc)} on SIGTERM at "
                                        f"teardown")
        if self.relay is not None:
            await self.relay.close()
        if self.server == "ejabberd":
            # Nothing of it is kept: no need for its orderly stop (a
            # second or so).
            await self.kill_ejabberd()
        else:
            await self.stop_prosody()
        try:
            problems += self._anonymity_problems()
        except Exception as e:  # noqa: BLE001 - a harness bug: say so
            problems.append(f"anonymity check failed to run: {e!r}")
        try:
            problems += self._database_problems()
        except Exception as e:  # noqa: BLE001
            problems.append(f"database check failed to run: {e!r}")
        for m in reversed(self.mounts):
            r = subprocess.run(["umount", str(m)], capture_output=True)
            if r.returncode != 0:
                subprocess.run(["umount", "-l", str(m)], capture_output=True)
        self.mounts.clear()
        if problems:
            raise AssertionError("; ".join(problems))

    def small_disk(self, name, size="2m"):
        """A file system of its own for the scenario (tmpfs of size, under
        the temp dir), to fill up or make read-only as a real disk would
        be; unmounted at teardown. Needs root, as make check runs."""
        path = self.dir / name
        path.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}",
                            "tmpfs", str(path)], capture_output=True,
                           text=True)
        if r.returncode != 0:
            raise HarnessError(f"cannot mount a tmpfs at {path} (make check "
                               f"runs as root): {r.stderr.strip()}")
        self.mounts.append(path)
        return path

    def remount(self, path, opts):
        """mount -o remount,OPTS of a small_disk()."""
        subprocess.run(["mount", "-o", f"remount,{opts}", str(path)],
                       check=True, capture_output=True)

    @staticmethod
    def fill_disk(path):
        """Fills the file system of path to the last byte with a file of
        its own (deleted to free it again); returns that file's path."""
        filler = Path(path) / "filler"
        chunk = b"\0" * 65536
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(chunk)
            except OSError:
                pass
            try:
                while True:
                    f.write(b"\0")
            except OSError:
                pass
        return filler

    def diagnostics(self):
        """Where the logs are and their tails, for a failed scenario.
        The server's tail ends where the teardown began: what follows is
        only the harness stopping it."""
        out = [f"---- {self.name}: kept {self.dir}"]
        if self.teardown_problem:
            out.append(f"---- at teardown: {self.teardown_problem}")
        out.append(f"---- tail of {self.server_log} (before teardown)")
        out.append(tail(self.server_log, upto=self._server_log_mark))
        out.append(f"---- tail of {self.ecopper_log}")
        out.append(tail(self.ecopper_log))
        out.append(f"---- client log: {self.dir / 'clients.log'}")
        if self.relay is not None:
            out.append(f"---- what ecopper sent: {self.capture_path}")
        return "\n".join(out)

    def captured(self):
        """What ecopper has sent so far, as the relay recorded it (bytes;
        b"" without the relay)."""
        if self.relay is None:
            return b""
        self.relay.flush()
        try:
            return self.capture_path.read_bytes()
        except FileNotFoundError:
            return b""

    def multicast_services(self):
        """The XEP-0033 services ecopper said (in ecopper.log) it sends
        room messages and presences through: 'multicast: sending room
        messages and presences through JID, ...'."""
        try:
            text = self.ecopper_log.read_text("utf-8", "replace")
        except FileNotFoundError:
            return set()
        return set(re.findall(
            r"multicast: sending room messages and presences through "
            r"(\S+),", text))

    def anonymity_check(self):
        """anonymity_violations of everything ecopper sent so far,
        against every youth logged in so far (the bcc addresses of what
        went to a multicast service ecopper found excepted: see
        anonymity_violations)."""
        return anonymity_violations(self.captured(), self.youth_jids,
                                    self.multicast_services())

    def _database_problems(self):
        """No youth's JID may be stored (docs/privacy.md): after each
        scenario every table of ecopper's database is searched for the
        bare JID of every youth that logged in."""
        db = Path(self.ecopper_db) if self.ecopper_db else None
        youths = {bare_jid(j) for j in self.youth_jids if j}
        if not youths or db is None or not db.exists():
            return []
        import sqlite3
        found = []
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for t in tables:
                for row in con.execute(f'SELECT * FROM "{t}"'):
                    text = " ".join(
                        v.decode("utf-8", "replace") if isinstance(v, bytes)
                        else str(v) for v in row if v is not None).lower()
                    found += [f"{t}: {y}" for y in youths if y in text]
        finally:
            con.close()
        return [f"youth JIDs stored in the database: {found[:3]}"] \
            if found else []

    def _anonymity_problems(self):
        if self.relay is None:
            return []
        found = self.anonymity_check()
        if not found:
            return []
        report = self.dir / "anonymity-violations.txt"
        report.write_text("".join(f"{v}\n" for v in found))
        return [f"anonymity check: {len(found)} problem(s) in what ecopper "
                f"sent (all in {report}); first: "
                + "; ".join(map(str, found[:3]))]

    def _start_client_log(self):
        h = logging.FileHandler(self.dir / "clients.log")
        h.setFormatter(logging.Formatter(
            "%(asctime)s %(name)s %(levelname)s %(message)s"))
        for name in ("slixmpp", "harness"):
            lg = logging.getLogger(name)
            lg.addHandler(h)
            lg.setLevel(logging.DEBUG)
            lg.propagate = False
        self._log_handler = h

    def _stop_client_log(self):
        if self._log_handler is None:
            return
        for name in ("slixmpp", "harness"):
            logging.getLogger(name).removeHandler(self._log_handler)
        self._log_handler.close()
        self._log_handler = None

    # ---- the server, whichever it is

    def _only(self, server, instead):
        if self.server != server:
            raise HarnessError(f"this Env runs {self.server}, not {server}: "
                               f"use {instead}")

    async def start_server(self):
        """Starts the server (again) and waits until it takes
        connections."""
        if self.server == "ejabberd":
            await self.start_ejabberd()
        else:
            await self.start_prosody()

    async def stop_server(self):
        """SIGTERM, then SIGKILL after a while. Returns the exit code (None
        if it was not running)."""
        if self.server == "ejabberd":
            return await self.stop_ejabberd()
        return await self.stop_prosody()

    async def kill_server(self):
        """SIGKILL; returns the exit code (None if it was not running)."""
        if self.server == "ejabberd":
            return await self.kill_ejabberd()
        return await self.kill_prosody()

    async def restart_server(self):
        """Stops the server and starts it again: same ports, same data
        (the accounts are kept)."""
        await self.stop_server()
        await self.start_server()

    def register(self, jid, password):
        """Creates an account (prosodyctl register, which works whether
        Prosody runs or not; ejabberdctl register, which needs ejabberd
        running). HarnessError if that fails."""
        user, host = jid.split("@", 1)
        if self.server == "ejabberd":
            self.ejabberdctl("register", user, host, password)
            return
        r = subprocess.run(
            [PROSODYCTL, "--config", str(self.prosody_config), "register",
             user, host, password],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=30)
        if r.returncode != 0:
            raise HarnessError(f"prosodyctl register {jid} failed "
                               f"({r.returncode}): {r.stdout}{r.stderr}")

    async def set_server_log_level(self, level):
        """The server's log level from now on: "info", "warning", ... For
        load scenarios, where a server logging every stanza spends most of
        its time doing so. Prosody is restarted for it (clients connected
        before are dropped: call it first); ejabberd changes it as it
        runs."""
        if self.server == "ejabberd":
            self.ejabberdctl("set_loglevel", level)
        else:
            await set_prosody_log_level(self, level)

    # ---- Prosody

    def _write_prosody_config(self):
        d = self.dir
        # Again after a start that lost a port (PortTaken). certs/ stays
        # empty: no TLS, and no warning about it.
        (d / "data").mkdir(exist_ok=True)
        (d / "certs").mkdir(exist_ok=True)
        q = _lua_str
        http_ports, http_modules, http_cfg, anon_cfg = "", "", "", ""
        if self.http:
            # Plain HTTP on loopback: WebSocket and BOSH count as secure.
            # Stream management on, as Debian's stock prosody.cfg.lua has
            # it, and off on the youths' host, as conf/prosody's
            # ecopper.cfg.lua ships it (tests/web/test_reconnect.py checks
            # that file still says so): a browser's anonymous session
            # never resumes, so a hibernated one is only a ghost holding
            # its nick.
            http_ports = f" {self.http_port} "
            http_modules = ', "bosh", "websocket", "http_files", "smacks"'
            anon_cfg = '    modules_disabled = { "smacks" }\n'
            http_cfg = f"""http_interfaces = {{ "127.0.0.1" }}
http_default_host = "{ANON_DOMAIN}"
http_paths = {{ files = "/", bosh = "/http-bind", websocket = "/xmpp-websocket" }}
http_files_dir = {q(self.http_files_dir)}
consider_websocket_secure = true
consider_bosh_secure = true
"""
        cfg = f"""-- generated by tests/integration/harness.py
run_as_root = true
daemonize = false
pidfile = {q(d / "prosody.pid")}
data_path = {q(d / "data")}
certificates = {q(d / "certs")}
plugin_paths = {{}}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {self.c2s_port} }}
c2s_direct_tls_ports = {{}}
legacy_ssl_ports = {{}}
component_ports = {{ {self.component_port} }}
component_interface = "127.0.0.1"
http_ports = {{{http_ports}}}
https_ports = {{}}
modules_enabled = {{ "roster", "saslauth", "disco", "ping", "vcard"{http_modules} }}
modules_disabled = {{ "s2s"{"" if self.http else ', "http"'} }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
c2s_stanza_size_limit = 65536
log = {{ debug = {q(d / "prosody.log")} }}
{http_cfg}
VirtualHost "{DOMAIN}"

VirtualHost "{ANON_DOMAIN}"
    authentication = "anonymous"
{anon_cfg}
Component "{COMPONENT}"
    component_secret = {q(self.secret)}
"""
        self.prosody_config.write_text(cfg)

    async def start_prosody(self, timeout=15):
        """Starts Prosody and waits until its c2s and component ports
        accept connections."""
        self._only("prosody", "start_server")
        if self.prosody is not None and self.prosody.poll() is None:
            raise HarnessError("Prosody is already running")
        with open(self.prosody_log, "ab") as f:
            f.write(b"---- harness: starting prosody\n")
        self.prosody = _spawn([PROSODY, "--config", str(self.prosody_config),
                               "-F"], self.dir / "prosody.out", cwd=self.dir)
        deadline = time.monotonic() + timeout
        pending = {p for p in (self.c2s_port, self.component_port,
                               self.http_port) if p}
        while pending:
            rc = self.prosody.poll()
            if rc is not None:
                raise HarnessError(
                    f"Prosody exited with {rc} while starting:\n"
                    f"{tail(self.dir / 'prosody.out')}\n"
                    f"{tail(self.prosody_log)}")
            # Another process on a port Prosody wanted: its port would
            # answer, but not as ours.
            if b"Failed to open server port" in self._prosody_log_now():
                raise PortTaken(
                    "Prosody could not listen on a port the harness picked "
                    "(another process took it):\n" + tail(self.prosody_log))
            pending = {p for p in pending if not _port_open(p)}
            if not pending:
                break
            if time.monotonic() >= deadline:
                raise HarnessError(
                    f"Prosody's ports {sorted(pending)} not open after "
                    f"{timeout} s:\n{tail(self.prosody_log)}")
            await asyncio.sleep(POLL)

    def _prosody_log_now(self):
        """What Prosody logged since the harness last started it."""
        try:
            data = Path(self.prosody_log).read_bytes()
        except OSError:
            return b""
        return data[data.rfind(b"---- harness: starting prosody"):]

    async def stop_prosody(self, timeout=10):
        """SIGTERM, then SIGKILL after timeout s. Returns the exit code
        (None if it was not running)."""
        self._only("prosody", "stop_server")
        p = self.prosody
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            if await _wait_exit(p, timeout) is None:
                await _kill(p)
        self.prosody = None
        return p.returncode

    async def kill_prosody(self):
        self._only("prosody", "kill_server")
        p = self.prosody
        if p is None:
            return None
        if p.poll() is None:
            await _kill(p)
        self.prosody = None
        return p.returncode

    async def restart_prosody(self):
        """Stops Prosody and starts it again: same ports, same data."""
        self._only("prosody", "restart_server")
        await self.stop_prosody()
        await self.start_prosody()

    # ---- ejabberd (see the section "ejabberd" above)

    def _write_ejabberd_config(self):
        import yaml
        cfg = ejabberd_config(EJABBERD_SNIPPET.read_text(),
                              c2s_port=self.c2s_port,
                              component_port=self.component_port,
                              secret=self.secret)
        self.ejabberd_config.write_text(
            f"# generated by tests/integration/harness.py from "
            f"{EJABBERD_SNIPPET.relative_to(REPO)}\n"
            + yaml.safe_dump(cfg, sort_keys=False, default_flow_style=False))
        (self.dir / "ejabberd-spool").mkdir()
        # The cookie of this Env's Erlang nodes, in the HOME they all get
        # (_erl_env): owner-only, or Erlang refuses it.
        cookie = self.dir / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(16))
        cookie.chmod(0o400)

    def _erl_env(self):
        """The environment of this Env's Erlang nodes (the server and the
        ejabberd_ctl ones): the temp dir as HOME (for the cookie), paths
        as ejabberdctl sets them, no crash dumps (as Debian's
        /etc/default/ejabberd)."""
        env = dict(os.environ)
        env.update(HOME=str(self.dir), ERL_LIBS=ejabberd_libs(),
                   EJABBERD_CONFIG_PATH=str(self.ejabberd_config),
                   EJABBERD_LOG_PATH=str(self.ejabberd_log),
                   ERL_CRASH_DUMP_BYTES="0")
        return env

    def _ejabberd_log_args(self):
        """-ejabberd KEY VALUE for the log options of ejabberd.yml that
        ejabberd takes from its command line only (its logger starts
        before it reads the config), as ejabberdctl picks them from it."""
        import yaml
        cfg = yaml.safe_load(self.ejabberd_config.read_text())
        args = []
        for key in ("log_rotate_size", "log_rotate_count",
                    "log_burst_limit_count"):
            if key in cfg:
                args += [key, str(cfg[key])]
        return ["-ejabberd", *args, "quiet", "true"]

    def _dist_args(self):
        """erl's options for distribution on dist_port, without epmd."""
        return ["-erl_epmd_port", str(self.dist_port),
                "-start_epmd", "false"]

    def ejabberdctl(self, *args, timeout=30):
        """Runs an ejabberdctl command (e.g. "register", user, host,
        password) against this Env's ejabberd, through ejabberd_ctl as the
        ejabberdctl script does; returns its output. A failure (ejabberd
        not running included) is a HarnessError with the output."""
        self._only("ejabberd", "the Env's server methods")
        node = f"ecopper-ctl-{secrets.token_hex(4)}@localhost"
        argv = [ERL, "-sname", node, "-hidden", "-noinput",
                *self._dist_args(), "-dist_listen", "false",
                "-s", "ejabberd_ctl", "-extra", self.ejabberd_node, *args]
        r = subprocess.run(argv, env=self._erl_env(), cwd=self.dir,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=timeout)
        if r.returncode != 0:
            raise HarnessError(f"ejabberdctl {' '.join(args[:3])} failed "
                               f"({r.returncode}): {r.stdout}{r.stderr}")
        return r.stdout

    def _ejabberd_log_now(self):
        """What ejabberd logged since the harness last started it."""
        try:
            data = self.ejabberd_log.read_bytes()
        except OSError:
            return b""
        return data[data.rfind(b"---- harness: starting ejabberd"):]

    async def start_ejabberd(self, timeout=30, accounts=()):
        """Starts ejabberd and waits until it says it has started and its
        c2s and component ports accept connections. accounts: (jid,
        password) pairs to register as it starts (what ejabberdctl
        register does, run in the server itself: a command's own Erlang
        node takes a quarter of a second to start, for each)."""
        self._only("ejabberd", "start_server")
        if self.ejabberd is not None and self.ejabberd.poll() is None:
            raise HarnessError("ejabberd is already running")
        with open(self.ejabberd_log, "ab") as f:
            f.write(b"---- harness: starting ejabberd\n")
        out = self.dir / "ejabberd.out"
        out_mark = out.stat().st_size if out.exists() else 0
        # As `ejabberdctl foreground-quiet` does: the console gets only
        # what is critical (the log has everything).
        argv = [ERL, "-sname", self.ejabberd_node, "-noinput",
                *self._dist_args(),
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-mnesia", "dir", _erl_str(self.dir / "ejabberd-spool"),
                *self._ejabberd_log_args(), "-s", "ejabberd"]
        if accounts:
            # After -s ejabberd has returned, i.e. with ejabberd started.
            regs = ", ".join(
                "{%s, %s}" % (_erl_str(jid),
                              _erl_str(["register", *jid.split("@", 1),
                                        password]))
                for jid, password in accounts)
            argv += ["-eval", "[io:format(\"harness: register ~s: ~p~n\", "
                     "[J, ejabberd_ctl:process(A)]) || {J, A} <- "
                     f"[{regs}]], io:format(\"harness: registered~n\")."]
        self.ejabberd = _spawn(argv, out, env=self._erl_env(), cwd=self.dir)
        deadline = time.monotonic() + timeout
        pending = {self.c2s_port, self.component_port}
        started = False
        while True:
            rc = self.ejabberd.poll()
            if rc is not None:
                said = f"{tail(out)}\n{tail(self.ejabberd_log)}"
                raise (PortTaken if "eaddrinuse" in said else HarnessError)(
                    f"ejabberd exited with {rc} while starting:\n{said}")
            now = self._ejabberd_log_now()
            # Another process on a port ejabberd wanted.
            if b"Failed to open socket" in now:
                raise PortTaken(
                    "ejabberd could not listen on a port the harness picked "
                    "(another process took it):\n" + tail(self.ejabberd_log))
            started = started or b"is started in the node" in now
            pending = {p for p in pending if not _port_open(p)}
            if started and not pending and accounts:
                said = out.read_bytes()[out_mark:]
                if b"harness: registered\n" in said:
                    said = said.decode(errors="replace")
                    if any(line.startswith("harness: register ")
                           and not line.endswith(": 0")
                           for line in said.splitlines()):
                        raise HarnessError(f"ejabberdctl register failed as "
                                           f"ejabberd started:\n{said}")
                    accounts = ()
            if started and not pending and not accounts:
                return
            if time.monotonic() >= deadline:
                raise HarnessError(
                    f"ejabberd not started after {timeout} s (ports "
                    f"{sorted(pending)} not open):\n{tail(out)}\n"
                    f"{tail(self.ejabberd_log)}")
            await asyncio.sleep(POLL)

    async def stop_ejabberd(self, timeout=15):
        """SIGTERM (Erlang stops the node in order), then SIGKILL after
        timeout s. Returns the exit code (None if it was not running)."""
        p = self.ejabberd
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            if await _wait_exit(p, timeout) is None:
                await _kill(p)
        self.ejabberd = None
        return p.returncode

    async def kill_ejabberd(self):
        p = self.ejabberd
        if p is None:
            return None
        if p.poll() is None:
            await _kill(p)
        self.ejabberd = None
        return p.returncode

    # ---- ecopper

    def ecopper_config(self, **overrides):
        """The ecopper config as an ordered dict; overrides replace or add
        keys, and a value of None removes the key."""
        cfg = {
            "component_jid": COMPONENT,
            "server_host": "127.0.0.1",
            "server_port": str(self.relay.port if self.relay is not None
                               else self.component_port),
            "secret": self.secret,
            "database": str(self.ecopper_db),
            "admins": ADMIN[0],
            "log_level": "debug",
            "language": "en",
            "timezone": "UTC",
            "lang_dir": str(REPO / "conf" / "lang"),
            # As a real service is set up (docs/admin.md): anonymous
            # logins are youths.
            "youth_domains": ANON_DOMAIN,
        }
        for k, v in overrides.items():
            if v is None:
                cfg.pop(k, None)
            else:
                cfg[k] = " ".join(map(str, v)) \
                    if isinstance(v, (list, tuple)) else str(v)
        return cfg

    def write_ecopper_config(self, name="ecopper.conf", **overrides):
        """Writes the config (see ecopper_config) and returns its path."""
        lines = ["# generated by tests/integration/harness.py"]
        lines += [f"{k} = {v}" for k, v in
                  self.ecopper_config(**overrides).items()]
        return self.write_file(name, "\n".join(lines) + "\n")

    def write_file(self, name, text):
        """Writes text to name in the temp dir and returns the path."""
        p = self.dir / name
        p.write_text(text)
        return p

    def _ecopper_env(self):
        env = dict(os.environ)
        env.update(self.extra_env)
        return env

    def _check_bin(self):
        if not (self.ecopper_bin.is_file()
                and os.access(self.ecopper_bin, os.X_OK)):
            raise HarnessError(f"ecopper binary not found or not executable: "
                               f"{self.ecopper_bin} (build it with make, or "
                               f"set ECOPPER_BIN)")

    def log_count(self, needle, path=None):
        """How many lines of a log (default ecopper.log) contain needle."""
        try:
            with open(path or self.ecopper_log, "rb") as f:
                data = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return 0
        return sum(1 for line in data.splitlines() if needle in line)

    async def wait_log(self, needle, count=1, timeout=10, path=None,
                       proc=None):
        """Waits until count lines of the log contain needle. If proc (the
        running ecopper by default) exits first, fails with the log tail."""
        path = path or self.ecopper_log
        if proc is None and path == self.ecopper_log:
            proc = self.ecopper
        deadline = time.monotonic() + timeout
        while True:
            n = self.log_count(needle, path)
            if n >= count:
                return n
            if proc is not None and proc.poll() is not None:
                if self.log_count(needle, path) >= count:
                    return count
                raise AssertionError(
                    f"ecopper exited ({_describe_rc(proc.returncode)}) "
                    f"before {count}x {needle!r} in {path.name}:\n"
                    f"{tail(path)}")
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"{needle!r} not seen {count}x in {path.name} within "
                    f"{timeout} s (seen {n}x):\n{tail(path)}")
            await asyncio.sleep(POLL)

    async def start_ecopper(self, args=(), **overrides):
        """Writes ecopper.conf (with overrides) and starts the daemon with
        the extra command-line args (e.g. ["-T"], test mode, which starts
        the service clock at when.START: see test_clock_args); waits up to
        10 s for a new 'link: online' line in ecopper.log."""
        self._check_bin()
        if self.ecopper is not None and self.ecopper.poll() is None:
            raise HarnessError("ecopper is already running")
        conf = self.write_ecopper_config(**overrides)
        before = self.log_count("link: online")
        argv = [str(self.ecopper_bin), "-c", str(conf),
                *test_clock_args(map(str, args))]
        with open(self.ecopper_log, "ab") as f:
            f.write(f"---- harness: starting {' '.join(argv)}\n".encode())
        self.ecopper = _spawn(argv, self.ecopper_log, env=self._ecopper_env(),
                              cwd=self.dir)
        self._ecopper_reaped = False
        await self.wait_log("link: online", count=before + 1, timeout=10)
        return self.ecopper

    async def stop_ecopper(self, timeout=5):
        """SIGTERM and wait for the exit; returns the exit code (negative:
        killed by that signal). Not gone after timeout s: SIGKILL and an
        AssertionError."""
        p = self.ecopper
        if p is None:
            return None
        self._ecopper_reaped = True
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            if await _wait_exit(p, timeout) is None:
                await _kill(p)
                raise AssertionError(
                    f"ecopper still running {timeout} s after SIGTERM:\n"
                    f"{tail(self.ecopper_log)}")
        return p.returncode

    async def kill_ecopper(self):
        """SIGKILL and reap; returns the exit code."""
        p = self.ecopper
        if p is None:
            return None
        self._ecopper_reaped = True
        if p.poll() is None:
            await _kill(p)
        return p.returncode

    async def run_ecopper(self, args, timeout=15):
        """Runs ecopper with args to completion; returns (rc, output), the
        output being stdout and stderr together. Still running after
        timeout s: killed, and an AssertionError."""
        self._check_bin()
        self._runs += 1
        out = self.dir / f"run-{self._runs}.log"
        argv = [str(self.ecopper_bin), *map(str, args)]
        p = _spawn(argv, out, env=self._ecopper_env(), cwd=self.dir)
        rc = await _wait_exit(p, timeout)
        if rc is None:
            await _kill(p)
            raise AssertionError(f"{' '.join(argv)} still running after "
                                 f"{timeout} s:\n{tail(out)}")
        return rc, out.read_text(errors="replace")

    # ---- clients

    async def client(self, jid, password, plugins=DEFAULT_PLUGINS,
                     timeout=10):
        """A ClientXMPP logged in to the server's c2s port (plain TCP, no
        TLS: the test server has no certificates). Waits for
        session_start; disconnected when the Env ends."""
        c = ClientXMPP(jid, password, plugin_config={
            "feature_mechanisms": {"unencrypted_plain": True}})
        for p in plugins:
            c.register_plugin(p)
        self.clients.append(c)
        done = asyncio.get_running_loop().create_future()

        def settle(ok, why=None):
            if done.done():
                return
            if ok:
                done.set_result(True)
            else:
                done.set_exception(HarnessError(f"{jid or 'anonymous'}: "
                                                f"{why}"))

        c.add_event_handler("session_start", lambda _: settle(True))
        c.add_event_handler("session_bind", self._note_youth)
        c.add_event_handler("failed_all_auth",
                            lambda _: settle(False, "authentication failed"))
        c.add_event_handler("connection_failed",
                            lambda e: settle(False, f"connection failed: {e}"))
        c.add_event_handler("stream_error",
                            lambda e: settle(False, f"stream error: {e}"))
        c.connect(address=("127.0.0.1", self.c2s_port), use_ssl=False,
                  force_starttls=False, disable_starttls=True)
        try:
            await asyncio.wait_for(done, timeout)
        except asyncio.TimeoutError:
            raise HarnessError(f"{jid or 'anonymous'}: no session within "
                               f"{timeout} s") from None
        return c

    def _note_youth(self, jid):
        if jid.domain == ANON_DOMAIN and jid.full not in self.youth_jids:
            self.youth_jids.append(jid.full)

    async def anon_client(self, **kw):
        """A client logged in with SASL ANONYMOUS on anon.localhost; its
        JID (random@anon.localhost/...) is in .boundjid."""
        return await self.client(ANON_DOMAIN, "", **kw)

    async def admin(self):
        return await self.client(*ADMIN)

    async def user(self):
        return await self.client(*USER)


def _describe_rc(rc):
    if rc is None:
        return "no exit code"
    if rc < 0:
        try:
            return f"signal {signal.Signals(-rc).name}"
        except ValueError:
            return f"signal {-rc}"
    return f"exit code {rc}"


# ---------------------------------------------------------------- MUC
# Helpers for the XEP-0045 scenarios (tests/integration/test_muc_*.py).

NS_MUC_USER = NS_MUC + "#user"
NS_MUC_ADMIN = NS_MUC + "#admin"
NS_OCCUPANT_ID = "urn:xmpp:occupant-id:0"
NS_SID = "urn:xmpp:sid:0"
NS_DELAY = "urn:xmpp:delay"


def room_jid(name):
    """The JID of room NAME on the component."""
    return f"{name}@{COMPONENT}"


class Recorder:
    """Every stanza a client receives from now on (optionally only those
    for which predicate is true), in arrival order, until stop(). Built on
    an incoming filter, so it changes nothing in how the client handles
    them. Also a context manager."""

    def __init__(self, client, predicate=None):
        self.client = client
        self.predicate = predicate
        self.stanzas = []

        def keep(stanza):
            if self.predicate is None or self.predicate(stanza):
                self.stanzas.append(stanza)
            return stanza

        self._filter = keep
        client.add_filter("in", keep)

    def stop(self):
        with contextlib.suppress(ValueError):
            self.client.del_filter("in", self._filter)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def matching(self, predicate):
        return [s for s in self.stanzas if predicate(s)]


def record(client, predicate=None):
    return Recorder(client, predicate)


def child(stanza, ns, tag):
    """The first direct child {ns}tag of a stanza, or None."""
    return xml_of(stanza).find(f"{{{ns}}}{tag}")


def children(stanza, ns, tag):
    return xml_of(stanza).findall(f"{{{ns}}}{tag}")


def muc_user_x(stanza):
    return child(stanza, NS_MUC_USER, "x")


def muc_codes(stanza):
    """The status codes (strings) in a stanza's muc#user x."""
    x = muc_user_x(stanza)
    if x is None:
        return set()
    return {st.get("code") for st in x.findall(f"{{{NS_MUC_USER}}}status")}


def muc_item(stanza):
    """The <item/> of a stanza's muc#user x, or None."""
    x = muc_user_x(stanza)
    return None if x is None else x.find(f"{{{NS_MUC_USER}}}item")


def occupant_ids(stanza):
    """The id of every XEP-0421 <occupant-id/> child of a stanza."""
    return [o.get("id") for o in children(stanza, NS_OCCUPANT_ID,
                                           "occupant-id")]


def occupant_id(stanza):
    ids = occupant_ids(stanza)
    return ids[0] if ids else None


def body_of(stanza):
    b = child(stanza, NS_CLIENT, "body")
    return None if b is None else (b.text or "")


def subject_of(stanza):
    """The text of a message's <subject/> ('' when empty), or None."""
    s = child(stanza, NS_CLIENT, "subject")
    return None if s is None else (s.text or "")


def from_of(stanza):
    return str(xml_of(stanza).get("from") or "")


# The room's moderation desk: the nick what the room tells moderators
# comes from, in the language of each moderator's join (conf/lang's
# mod_nick; the clients here join in English unless told otherwise).
DESK_NICK = "Moderation"
DESK_NICKS = ("Moderation", "Moderointi", "Moderering", "Модерація")


def desk(room, nick=DESK_NICK):
    return f"{room}/{nick}"


def is_from_desk(stanza, room):
    """From the room's moderation desk, in any language."""
    return from_of(stanza) in tuple(desk(room, n) for n in DESK_NICKS)


def is_from_room_or_desk(stanza, room):
    """From the room itself or its moderation desk."""
    return from_of(stanza) == room or is_from_desk(stanza, room)


def is_from_room(stanza, room):
    """From room or room/anything."""
    f = from_of(stanza)
    return f == room or f.startswith(room + "/")


def is_subject_message(stanza, room):
    """A subject message (subject, no body) from room or an occupant."""
    return (stanza.name == "message" and stanza_type(stanza) == "groupchat"
            and is_from_room(stanza, room)
            and subject_of(stanza) is not None and body_of(stanza) is None)


def is_self_presence_of(room_nick, unavailable=False):
    """Predicate: presence from room_nick with status 110 (available, or
    unavailable when asked)."""
    def pred(s):
        return (s.name == "presence" and from_of(s) == room_nick
                and (stanza_type(s) == "unavailable") == unavailable
                and "110" in muc_codes(s))
    return pred


def is_presence_error_from(room_nick):
    def pred(s):
        return (s.name == "presence" and from_of(s) == room_nick
                and stanza_type(s) == "error")
    return pred


def muc_join_presence(client, room, nick, *, history=None, password=None,
                      pid=None, muc_x=True, extra=()):
    """The presence that enters room as nick. history: dict of <history/>
    attributes; extra: more children (elements or XML strings)."""
    pres = client.make_presence(pto=f"{room}/{nick}")
    if pid is not None:
        pres["id"] = pid
    if muc_x:
        x = ET.Element(f"{{{NS_MUC}}}x")
        if password is not None:
            ET.SubElement(x, f"{{{NS_MUC}}}password").text = password
        if history is not None:
            ET.SubElement(x, f"{{{NS_MUC}}}history",
                          {k: str(v) for k, v in history.items()})
        pres.append(x)
    for e in extra:
        pres.append(as_element(e))
    return pres


@dataclass
class Entered:
    """What a client received while entering a room, up to the subject."""
    stanzas: list       # everything from the room, in order
    self_presence: object
    subject: object     # the subject message (last of stanzas)


async def muc_enter(client, room, nick, timeout=10, **kw):
    """Enters room as nick (kw: see muc_join_presence) and waits for the
    subject message that ends the join (§7.1). Returns an Entered; a
    presence error instead is an AssertionError naming the condition."""
    room_nick = f"{room}/{nick}"

    def done(s):
        return is_subject_message(s, room) or \
            is_presence_error_from(room_nick)(s)

    with Recorder(client, lambda s: is_from_room(s, room)) as rec:
        last = await wait_for(client, done, timeout=timeout,
                              action=muc_join_presence(client, room, nick,
                                                       **kw).send,
                              what=f"subject after entering {room_nick}")
    if stanza_type(last) == "error":
        raise AssertionError(f"entering {room_nick}: {stanza_error(last)}: "
                             f"{to_string(last)}")
    selfs = [s for s in rec.stanzas if is_self_presence_of(room_nick)(s)]
    if not selfs:
        raise AssertionError(f"entering {room_nick}: subject but no "
                             f"self-presence: "
                             f"{[to_string(s) for s in rec.stanzas]}")
    return Entered(list(rec.stanzas), selfs[0], last)


async def muc_try_enter(client, room, nick, timeout=10, **kw):
    """Sends the join presence and returns the first reply from room/nick
    that settles it: the self-presence (110) or a presence error."""
    room_nick = f"{room}/{nick}"
    pself, perr = is_self_presence_of(room_nick), \
        is_presence_error_from(room_nick)
    return await wait_for(client, lambda s: pself(s) or perr(s),
                          timeout=timeout,
                          action=muc_join_presence(client, room, nick,
                                                   **kw).send,
                          what=f"reply to entering {room_nick}")


async def muc_leave(client, room, nick, timeout=10):
    """Sends unavailable presence to room/nick; returns the unavailable
    self-presence (110)."""
    room_nick = f"{room}/{nick}"
    pres = client.make_presence(pto=room_nick, ptype="unavailable")
    return await wait_for(client, is_self_presence_of(room_nick, True),
                          timeout=timeout, action=pres.send,
                          what=f"unavailable self-presence {room_nick}")


def groupchat(client, room, body, mid=None, extra=()):
    """A groupchat message to room (not sent); mid sets the id."""
    msg = client.make_message(mto=room, mtype="groupchat", mbody=body)
    msg["id"] = mid or client.new_id()
    for e in extra:
        msg.append(as_element(e))
    return msg


def is_groupchat_body(room, body, nick=None):
    """Predicate: groupchat message from room (room/nick if given) with
    this body."""
    def pred(s):
        return (s.name == "message" and stanza_type(s) == "groupchat"
                and (from_of(s) == f"{room}/{nick}" if nick
                     else is_from_room(s, room))
                and body_of(s) == body)
    return pred


def is_error_reply(mid):
    """Predicate: a stanza of type error with this id."""
    return lambda s: stanza_type(s) == "error" and s["id"] == mid


async def muc_say(client, room, body, observers=(), timeout=10, mid=None):
    """Sends a groupchat body and waits until its reflection reaches the
    sender and every observer; returns the sender's copy."""
    msg = groupchat(client, room, body, mid)
    waits = [expect(o, is_groupchat_body(room, body), "reflected groupchat")
             for o in observers]
    try:
        mine = await wait_for(
            client, lambda s: is_groupchat_body(room, body)(s)
            or is_error_reply(msg["id"])(s),
            timeout=timeout, action=msg.send,
            what=f"reflection of {body!r}")
        if stanza_type(mine) == "error":
            raise AssertionError(f"groupchat {body!r} refused: "
                                 f"{stanza_error(mine)}")
        for w in waits:
            await w.wait(timeout)
    finally:
        for w in waits:
            w.cancel()
    return mine


async def sync_with_room(client, room, timeout=10):
    """A disco#info round trip to the room. The component answers in
    order, so whatever it sent client before handling this request has
    arrived once the answer has: a barrier for 'nothing else came'."""
    expect_result(await disco_info(client, room, timeout=timeout),
                  f"disco#info {room} (sync)")


async def set_prosody_log_level(env, level):
    """Restarts env's Prosody logging at level ("info", "warn", ...)
    instead of debug, to the same prosody.log. For load scenarios: at
    debug Prosody writes every stanza twice and spends most of its time
    doing so. Same ports, same data; clients connected before are
    dropped, so call it first."""
    cfg = env.prosody_config.read_text()
    debug = f"log = {{ debug = {_lua_str(env.prosody_log)} }}"
    if debug not in cfg:
        raise HarnessError("prosody.cfg.lua has no debug log line to change")
    env.prosody_config.write_text(cfg.replace(
        debug, f"log = {{ {level} = {_lua_str(env.prosody_log)} }}"))
    await env.restart_prosody()


@contextlib.contextmanager
def without_ca_store():
    """While active, new ClientXMPPs skip loading the system CA store
    into the TLS context they build at creation: about 50 ms of CPU per
    client, spent for nothing (harness clients connect without TLS). For
    scenarios that start hundreds of clients."""
    import ssl
    real = ssl.create_default_context

    def bare_context(*args, **kwargs):
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    ssl.create_default_context = bare_context
    try:
        yield
    finally:
        ssl.create_default_context = real
