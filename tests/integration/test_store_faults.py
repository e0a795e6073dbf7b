"""A database that cannot be written (issue 13): nothing is confirmed
that was not stored. A question that cannot be stored because the disk
is full is not held: the youth is told, in their language, to send it
again; the moderators that the database cannot be written; once there is
room again questions are held and survive kill -9. A database ecopper
cannot write is refused at start with a clear message. The database
lives on a small file system of the scenario's own (a tmpfs), filled up
or made read-only as a real disk is."""
import harness as h
from test_moderation_roles import ROOM, join
from test_question_queue import from_room, join_lang
from test_room_config import submit

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the database failing"


async def test_full_disk_question_not_confirmed_youth_and_moderators_told(
        env):
    disk = env.small_disk("db", "4m")
    env.ecopper_db = disk / "ecopper.db"
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue on")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join_lang(youth, "kid", "fi")
    filler = env.fill_disk(disk)
    warned = h.expect(admin, from_room("could not be stored"),
                      "the moderator warned")
    msg = youth.make_message(mto=ROOM, mtype="groupchat",
                             mbody="Can I ride a moped at 14?")
    msg["id"] = "q-1"
    with h.record(youth, from_room("odottaa")) as told:
        err = await h.wait_for(youth, h.is_error_reply("q-1"),
                               action=msg.send, what="the refusal")
    h.expect_error(err, "resource-constraint", "wait")
    assert "ei juuri nyt voitu tallentaa" in h.stanza_error(err).text, \
        h.to_string(err)
    assert told.stanzas == [], "the youth was told it waits"
    await warned.wait()
    await env.wait_log("could not be stored; it is not held")
    # Room again: the question is held, and kept across kill -9.
    filler.unlink()
    told = h.expect(youth, from_room("odottaa moderaattoria"), "it waits")
    await h.wait_for(admin, from_room("(again)"), action=youth.make_message(
        mto=ROOM, mtype="groupchat",
        mbody="Can I ride a moped at 14? (again)").send,
        what="the question held")
    await told.wait()
    assert await env.kill_ecopper() == -9
    await env.start_ecopper()
    await h.wait_for(admin, from_room("Questions waiting for a moderator: 1."),
                     action=lambda: join(admin, "Moderator"),
                     what="one question waits after the restart")


async def test_database_that_cannot_be_written_is_refused_at_start(env):
    disk = env.small_disk("db")
    env.ecopper_db = disk / "ecopper.db"
    await env.start_ecopper()
    assert await env.stop_ecopper() == 0
    env.remount(disk, "ro")
    rc, out = await env.run_ecopper(["-c", env.write_ecopper_config()])
    assert rc == 1, out
    assert "cannot be written" in out and str(env.ecopper_db) in out, out
