#!/usr/bin/python3
"""check-docs.py - the documentation checked against the program (issue 15).

What the code has comes from the built binary, which prints its own tables:
`ecopper --list-commands` (adhoc.c's command tables: node, where it runs,
name) and `ecopper -D` (config.c's key table, each key's comment ending in
"On SIGHUP: applied." or "On SIGHUP: kept until a restart.").
It is compared with:

  docs/admin.md         the two command tables of "The admin commands"
                        (service commands, set-clock among them as test
                        mode only, then the room commands), with each
                        command's name; the key table of "Configure" and
                        its "on SIGHUP" column; the keys the "Run" section
                        says `systemctl reload ecopper` applies
  docs/ecopper.conf.5   every key of KEYS and its "Reload: yes/no"; the
                        two lists of "What a reload applies"
  docs/ecopper.8        the two lists of keys under SIGHUP in SIGNALS
  conf/ecopper.conf.example
                        every key, set or commented out ("#key = ...")

Each comparison is one check; every difference is printed with the file
and what is missing or extra. The last line is "docs: P passed, F
failed"; the exit status is 1 when any check failed.

    tests/docs/check-docs.py [ECOPPER_BIN]    (default $ECOPPER_BIN, else
                                               build/ecopper)
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ADMIN = "docs/admin.md"
CONF5 = "docs/ecopper.conf.5"
MAN8 = "docs/ecopper.8"
EXAMPLE = "conf/ecopper.conf.example"

passed = 0
failed = 0


def check(what, problems):
    """One check: passes when problems is empty, else prints each."""
    global passed, failed
    if problems:
        failed += 1
        print(f"FAIL {what}")
        for p in problems:
            print(f"     {p}")
    else:
        passed += 1
        print(f"ok   {what}")


def compare(where, doc, code, code_name="the code"):
    """Problems of a documented set against the code's: both ways."""
    out = [f"{where}: `{k}` is missing (it is in {code_name})"
           for k in sorted(code - doc)]
    out += [f"{where}: `{k}` is documented but not in {code_name}"
            for k in sorted(doc - code)]
    return out


def read(path):
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        return f.read()


def run(binary, *args):
    try:
        r = subprocess.run([binary, *args], capture_output=True, text=True,
                           timeout=30)
    except OSError as e:
        sys.exit(f"check-docs: cannot run {binary}: {e} (build it with make)")
    if r.returncode != 0:
        sys.exit(f"check-docs: {binary} {' '.join(args)} exited "
                 f"{r.returncode}: {r.stderr.strip()}")
    return r.stdout


# --- what the program says ----------------------------------------------------

def code_commands(binary):
    """{node: (where, name)} from ecopper --list-commands."""
    cmds = {}
    for line in run(binary, "--list-commands").splitlines():
        node, where, name = line.split("\t")
        cmds[node] = (where, name)
    if not cmds:
        sys.exit("check-docs: ecopper --list-commands printed no command")
    return cmds


def code_keys(binary):
    """{key: True when SIGHUP applies it} from ecopper -D."""
    keys = {}
    apply = None
    for line in run(binary, "-D").splitlines():
        m = re.match(r"# .* On SIGHUP: (applied|kept until a restart)\.$", line)
        if m:
            apply = m.group(1) == "applied"
            continue
        m = re.match(r"#?([a-z][a-z0-9_]*) =", line)
        if m:
            if apply is None:
                sys.exit(f"check-docs: ecopper -D: no 'On SIGHUP: ...' "
                         f"comment before {m.group(1)}")
            keys[m.group(1)] = apply
            apply = None
    if not keys:
        sys.exit("check-docs: ecopper -D printed no key")
    return keys


# --- Markdown -----------------------------------------------------------------

def md_section(text, title):
    """The body of the "## title" section (up to the next "## ")."""
    m = re.search(r"^## " + re.escape(title) + r"\s*$(.*?)(?=^## |\Z)", text,
                  re.M | re.S)
    if m is None:
        sys.exit(f"check-docs: {ADMIN}: no section '## {title}'")
    return m.group(1)


def md_tables(text):
    """Each table in text as a list of rows, a row a list of cells."""
    tables, rows = [], None
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if rows is None:
                rows = []
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                rows.append(cells)
        elif rows is not None:
            tables.append(rows)
            rows = None
    return tables


def ticked(text):
    """The `...` spans of text."""
    return re.findall(r"`([^`]+)`", text)


# --- mdoc ---------------------------------------------------------------------

def mdoc_names(lines):
    """Every argument of a Cm macro in mdoc lines: ".Cm a , b" and
    ".Pq Cm a , b , c" give a, b (and c)."""
    names = []
    for line in lines:
        if not line.startswith("."):
            continue
        words = line[1:].split()
        on = False
        for w in words:
            if w == "Cm":
                on = True
            elif re.fullmatch(r"[A-Z][a-z][a-z]?", w):
                on = False  # another macro
            elif on and re.fullmatch(r"[a-z][a-z0-9_]*", w):
                names.append(w)
    return names


def mdoc_section(text, macro, title, path):
    """The lines of ".Sh title" or ".Ss title" up to the next .Sh/.Ss."""
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        if start is None and line == f".{macro} {title}":
            start = i + 1
        elif start is not None and re.match(r"\.S[hs] ", line):
            return lines[start:i]
    if start is None:
        sys.exit(f"check-docs: {path}: no '.{macro} {title}'")
    return lines[start:]


def split_at(lines, phrase, path, where):
    """Lines before and after the line holding phrase."""
    for i, line in enumerate(lines):
        if phrase in line:
            return lines[:i + 1], lines[i + 1:]
    sys.exit(f"check-docs: {path}: {where}: no '{phrase}'")


# --- the checks ---------------------------------------------------------------

def check_commands(cmds):
    section = md_section(read(ADMIN), "The admin commands")
    tables = [t for t in md_tables(section)
              if t and t[0] and t[0][0].lower() == "command"]
    if len(tables) != 2:
        check(f"{ADMIN}: command tables", [
            f"{ADMIN}: 'The admin commands' should have two tables with a "
            f"'command' column (the service's, then a room's); found "
            f"{len(tables)}"])
        return
    for rows, wheres, label in ((tables[0], ("service", "test"),
                                 "the service's command table"),
                                (tables[1], ("room",),
                                 "the room command table")):
        doc, problems = {}, []
        for row in rows[1:]:
            m = re.match(r'`([^`]+)`\s*(?:\("([^"]*)"\))?', row[0])
            if m is None:
                problems.append(f"{ADMIN}: {label}: a row without a "
                                f"`node` in its first cell: {row[0]}")
                continue
            doc[m.group(1)] = (m.group(2), row)
        code = {n for n, (w, _) in cmds.items() if w in wheres}
        problems += compare(f"{ADMIN}: {label}", set(doc), code,
                            "ecopper --list-commands")
        for node in sorted(set(doc) & code):
            name, row = doc[node]
            where, code_name = cmds[node]
            if name != code_name:
                problems.append(
                    f"{ADMIN}: {label}: `{node}` is named "
                    f"{name and repr(name)} but the code names it "
                    f"{code_name!r}")
            # Test-only commands say so in the "who" column: -T or -t.
            test_doc = len(row) > 1 and re.search(r"`-[Tt]`", row[1])
            if where == "test" and not test_doc:
                problems.append(
                    f"{ADMIN}: {label}: `{node}` exists in test mode only; "
                    f"its 'who' column should say so (`-T` or `-t`)")
            elif where != "test" and test_doc:
                problems.append(
                    f"{ADMIN}: {label}: `{node}` is documented as test mode "
                    f"only, but the code has it always")
        check(f"{ADMIN}: {label}", problems)


def check_admin_keys(keys):
    section = md_section(read(ADMIN), "Configure")
    tables = [t for t in md_tables(section)
              if t and [c.lower() for c in t[0]][:1] == ["key"]]
    if len(tables) != 1 or "on SIGHUP" not in tables[0][0]:
        check(f"{ADMIN}: key table", [
            f"{ADMIN}: 'Configure' should have one table with the columns "
            f"key ... on SIGHUP"])
        return
    rows = tables[0]
    col = rows[0].index("on SIGHUP")
    doc, problems = {}, []
    for row in rows[1:]:
        names = ticked(row[0])
        if not names:
            problems.append(f"{ADMIN}: key table: a row without a `key`: "
                            f"{row[0]}")
        word = row[col].split()[0] if row[col].split() else ""
        if word not in ("applied", "restart"):
            problems.append(f"{ADMIN}: key table: {row[0]}: 'on SIGHUP' "
                            f"is '{row[col]}', not applied... or restart")
        for n in names:
            doc[n] = word == "applied"
    problems += compare(f"{ADMIN}: key table", set(doc), set(keys),
                        "ecopper -D")
    check(f"{ADMIN}: key table, every key", problems)
    problems = []
    for k in sorted(set(doc) & set(keys)):
        if doc[k] != keys[k]:
            problems.append(
                f"{ADMIN}: key table: `{k}` says "
                f"{'applied' if doc[k] else 'restart'} on SIGHUP, the code "
                f"{'applies it' if keys[k] else 'needs a restart'}")
    check(f"{ADMIN}: key table, the 'on SIGHUP' column", problems)


def check_admin_run(keys):
    section = md_section(read(ADMIN), "Run")
    m = re.search(r"^- `systemctl reload ecopper`(.*?)(?=^- |^\S|\Z)",
                  section, re.M | re.S)
    if m is None:
        check(f"{ADMIN}: Run, what a reload applies", [
            f"{ADMIN}: 'Run' has no item '- `systemctl reload ecopper` ...'"])
        return
    names = {n for n in ticked(m.group(1)) if re.fullmatch(r"[a-z_]+", n)}
    unknown = {n for n in names if n not in keys and "_" in n}
    doc = {n for n in names if n in keys}
    reload = {k for k, a in keys.items() if a}
    problems = compare(f"{ADMIN}: Run, keys `systemctl reload ecopper` "
                       f"applies", doc | unknown, reload,
                       "the keys ecopper -D says SIGHUP applies")
    check(f"{ADMIN}: Run, what a reload applies", problems)


def check_conf5(keys):
    text = read(CONF5)
    lines = mdoc_section(text, "Sh", "KEYS", CONF5)
    doc, depth, cur, problems = {}, 0, None, []
    for line in lines:
        if line.startswith(".Bl"):
            depth += 1
        elif line.startswith(".El"):
            depth -= 1
        elif depth == 1 and line.startswith(".It "):
            m = re.fullmatch(r"\.It Cm ([a-z][a-z0-9_]*)", line)
            if m is None:
                problems.append(f"{CONF5}: KEYS: an item that is not "
                                f"'.It Cm key': {line}")
                cur = None
                continue
            cur = m.group(1)
            doc[cur] = None
        elif depth == 1 and cur and doc[cur] is None:
            m = re.match(r"Reload: (yes|no)\b", line)
            if m:
                doc[cur] = m.group(1) == "yes"
    problems += compare(f"{CONF5}: KEYS", set(doc), set(keys), "ecopper -D")
    check(f"{CONF5}: KEYS, every key", problems)
    problems = []
    for k in sorted(set(doc) & set(keys)):
        if doc[k] is None:
            problems.append(f"{CONF5}: KEYS: `{k}` has no 'Reload: yes.' "
                            f"or 'Reload: no.'")
        elif doc[k] != keys[k]:
            problems.append(f"{CONF5}: KEYS: `{k}` says Reload: "
                            f"{'yes' if doc[k] else 'no'}, the code "
                            f"{'applies it' if keys[k] else 'needs a restart'}"
                            f" on SIGHUP")
    check(f"{CONF5}: KEYS, each key's 'Reload:'", problems)
    check_reload_lists(CONF5, "What a reload applies",
                       mdoc_section(text, "Ss", "What a reload applies",
                                    CONF5), keys)


def check_man8(keys):
    lines = mdoc_section(read(MAN8), "Sh", "SIGNALS", MAN8)
    try:
        start = lines.index(".It Dv SIGHUP") + 1
    except ValueError:
        sys.exit(f"check-docs: {MAN8}: SIGNALS has no '.It Dv SIGHUP'")
    end = next((i for i in range(start, len(lines))
                if re.match(r"\.(It|El)\b", lines[i])), len(lines))
    check_reload_lists(MAN8, "SIGNALS, SIGHUP", lines[start:end], keys)


def check_reload_lists(path, where, lines, keys):
    """Lines that name the keys SIGHUP applies, then "take effect at
    once", then the keys that need a restart."""
    first, rest = split_at(lines, "take effect at once", path, where)
    applied, restart = set(mdoc_names(first)), set(mdoc_names(rest))
    check(f"{path}: {where}, the keys applied at once",
          compare(f"{path}: {where}, applied", applied,
                  {k for k, a in keys.items() if a},
                  "the keys ecopper -D says SIGHUP applies"))
    check(f"{path}: {where}, the keys that need a restart",
          compare(f"{path}: {where}, need a restart", restart,
                  {k for k, a in keys.items() if not a},
                  "the keys ecopper -D says need a restart"))


def check_example(keys):
    doc = set()
    for line in read(EXAMPLE).splitlines():
        # Set ("key = value") or commented out with no blank after the
        # '#' ("#key = value"); prose comments start with "# ".
        m = re.match(r"#?([a-z][a-z0-9_]*)\s*=", line)
        if m:
            doc.add(m.group(1))
    check(f"{EXAMPLE}: every key",
          compare(EXAMPLE, doc, set(keys), "ecopper -D"))


def main():
    binary = (sys.argv[1] if len(sys.argv) > 1 else
              os.environ.get("ECOPPER_BIN",
                             os.path.join(TOP, "build", "ecopper")))
    cmds = code_commands(binary)
    keys = code_keys(binary)
    print(f"{binary}: {len(cmds)} commands, {len(keys)} keys "
          f"({sum(keys.values())} applied on SIGHUP)")
    check_commands(cmds)
    check_admin_keys(keys)
    check_admin_run(keys)
    check_conf5(keys)
    check_man8(keys)
    check_example(keys)
    print(f"docs: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
