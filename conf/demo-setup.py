#!/usr/bin/python3
"""demo-setup.py - prepare the demo: wait for ecopper, make the demo room.

Usage: demo-setup.py HOST C2S_PORT ECOPPER_LOG
Logs in as the demo admin (worker@localhost), runs ecopper's create-room
ad-hoc command for ask@muc.localhost (an existing room is fine) and
prints what the service says about itself.
"""
import asyncio
import sys
import time

from slixmpp import ClientXMPP

HOST, PORT, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def wait_online(deadline=20):
    end = time.time() + deadline
    while time.time() < end:
        try:
            with open(LOG, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            text = ""
        if "link: online" in text:
            return
        if "error:" in text:
            sys.exit("ecopper failed to start:\n" + text[-2000:])
        time.sleep(0.1)
    sys.exit("ecopper did not come online in time; see " + LOG)


async def main():
    c = ClientXMPP("worker@localhost", "worker-demo", plugin_config={
        "feature_mechanisms": {"unencrypted_plain": True}})
    for p in ("xep_0030", "xep_0004", "xep_0050"):
        c.register_plugin(p)
    ready = asyncio.get_running_loop().create_future()
    c.add_event_handler("session_start", lambda _: ready.set_result(True))
    c.connect(address=(HOST, PORT), disable_starttls=True,
              force_starttls=False)
    await asyncio.wait_for(ready, 15)
    first = await c["xep_0050"].send_command("muc.localhost", "create-room")
    sid = first["command"]["sessionid"]
    form = c["xep_0004"].make_form(ftype="submit")
    form.add_field(var="name", value="ask")
    form.add_field(var="title", value="Ask the police")
    form.add_field(var="description",
                   value="Questions about traffic, safety, drugs and "
                         "alcohol, answered by police officers and "
                         "youth workers.")
    iq = c.make_iq_set(ito="muc.localhost")
    iq["command"]["node"] = "create-room"
    iq["command"]["sessionid"] = sid
    iq["command"]["action"] = "complete"
    iq["command"].append(form)
    try:
        await iq.send(timeout=10)
    except Exception as e:  # the room exists from an earlier demo
        if "conflict" not in str(e):
            raise
    info = await c["xep_0030"].get_info(jid="muc.localhost")
    ids = info["disco_info"]["identities"]
    print("Discovered muc.localhost:", ", ".join(
        f"{cat}/{typ} {name}" for cat, typ, _, name in ids))
    c.disconnect()


wait_online()
asyncio.run(main())
