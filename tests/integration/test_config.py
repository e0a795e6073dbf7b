"""
test_config.py - `ecopper -n -c FILE` checks a config and exits: 0 when it
is good, 1 with "FILE:LINE: message" when it is not.
"""

import harness as h

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "ecopper's configuration and SIGHUP"


async def test_config_check_accepts_good_config(env):
    conf = env.write_ecopper_config()
    rc, out = await env.run_ecopper(["-n", "-c", conf])
    assert rc == 0, f"ecopper -n on a good config: exit {rc}:\n{out}"


async def test_config_check_reports_unknown_key_with_line(env):
    conf = env.write_file("bad.conf", "\n".join([
        f"component_jid = {h.COMPONENT}",
        f"secret = {env.secret}",
        "frobnication_level = 11",
        f"server_port = {env.component_port}",
        f"database = {env.ecopper_db}",
    ]) + "\n")
    rc, out = await env.run_ecopper(["-n", "-c", conf])
    assert rc == 1, f"ecopper -n on an unknown key: exit {rc} (want 1):\n{out}"
    prefix = f"{conf}:3: "
    lines = [line for line in out.splitlines() if prefix in line]
    assert lines, f"no line with {prefix!r} in:\n{out}"
    assert any("frobnication_level" in line.split(prefix, 1)[1]
               for line in lines), \
        f"message after {prefix!r} does not name the key:\n{out}"


async def test_the_example_config_is_a_good_config(env):
    """conf/ecopper.conf.example (installed as a starting point) passes
    the check as shipped, with no make install (the catalogues built in),
    but for where the scenario keeps the database."""
    top = h.Path(__file__).resolve().parents[2]
    lines = []
    for line in (top / "conf" / "ecopper.conf.example").read_text(
            encoding="utf-8").splitlines():
        if line.startswith("database ="):
            line = f"database = {env.ecopper_db}"
        lines.append(line)
    conf = env.write_file("example.conf", "\n".join(lines) + "\n")
    rc, out = await env.run_ecopper(["-n", "-c", conf])
    assert rc == 0, f"ecopper -n on the example config: exit {rc}:\n{out}"


@h.dated
async def test_a_first_run_needs_no_install(env):
    """No lang_dir and nothing installed: the catalogues built into the
    binary (or installed ones, where make install ran) speak, here
    Finnish; a database directory that does not exist yet is made."""
    from test_opening_hours import ZONE
    env.ecopper_db = env.dir / "var-lib-ecopper" / "ecopper.db"
    # -T: the clock at the date base's Saturday, the room closed.
    await env.start_ecopper(args=["-T"], lang_dir=None, timezone=ZONE)
    await env.wait_log("store: made the directory")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_completed((await h.run_command(admin, "schedule-set", {
        "room": f"ask@{h.COMPONENT}", "slots": ["mon 16:00-18:00"]}))[1],
        "schedule-set")
    youth = await env.anon_client()
    raw = (f"<presence to='ask@{h.COMPONENT}/kettu' xml:lang='fi'>"
           f"<x xmlns='{h.NS_MUC}'/></presence>")
    r = await h.wait_for(youth, h.is_presence_error_from(
        f"ask@{h.COMPONENT}/kettu"), action=lambda: youth.send_raw(raw))
    assert "Chat on nyt suljettu" in h.stanza_error(r).text, h.to_string(r)
