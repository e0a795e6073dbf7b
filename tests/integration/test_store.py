"""
test_store.py - what ecopper keeps survives the process: rooms created by
an admin are still there after a SIGKILL and a new start.
"""

import harness as h

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the database"


async def test_room_survives_kill_9_and_restart(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "keepme", title="Kept")
    room = f"keepme@{h.COMPONENT}"
    assert room in await h.room_jids(admin), "room not listed after create"
    rc = await env.kill_ecopper()
    assert rc == -9, f"ecopper exit {rc} after SIGKILL"
    await env.start_ecopper()
    rooms = await h.room_jids(admin)
    assert room in rooms, f"{room} gone after kill -9 and restart: {rooms}"
