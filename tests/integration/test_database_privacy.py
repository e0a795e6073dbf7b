"""No youth's JID in the database (issue 4, docs/privacy.md).

Every scenario's teardown searches every table of ecopper's database for
the bare JID of every youth that logged in (harness Env._database_problems).
These scenarios show the search finds what it must, and that a ban of a
youth by nick stores no JID.
"""
import sqlite3

import harness as h
from test_moderation_roles import ROOM, admin_set, setup

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "what the database holds"


async def test_database_check_finds_a_planted_youth_jid(env):
    admin, youth = await setup(env)
    await env.stop_ecopper()
    con = sqlite3.connect(env.ecopper_db)
    con.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                ("planted", youth.boundjid.bare.encode()))
    con.commit()
    con.close()
    problems = env._database_problems()
    assert problems and youth.boundjid.bare.lower() in problems[0], problems
    con = sqlite3.connect(env.ecopper_db)
    con.execute("DELETE FROM meta WHERE key = 'planted'")
    con.commit()
    con.close()
    assert env._database_problems() == []


async def test_ban_of_a_youth_stores_no_jid(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'/>"), "ban")
    first, last = await h.run_command(admin, "moderation-log",
                                      {"room": "ask"})
    h.expect_completed(last, "log")
    assert env._database_problems() == []
    con = sqlite3.connect(env.ecopper_db)
    n = con.execute("SELECT count(*) FROM affiliations WHERE "
                    "affiliation = 'outcast'").fetchone()[0]
    con.close()
    assert n == 1, "the ban was not stored"
