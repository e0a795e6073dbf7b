"""
runner.py - runs the integration scenarios; started by tests/run-integration.

A scenario is an `async def test_*(env)` in tests/integration/test_*.py; it
gets a fresh harness.Env (its own server, temp dir and ports) and runs
under an overall timeout. Scenarios run one after another, each in its own
event loop. The server is Prosody, or ejabberd with --server ejabberd (or
ECOPPER_TEST_SERVER=ejabberd); against ejabberd the scenarios marked
@harness.prosody_only are skipped and not counted, and so are the files
that say ONE_SERVER = "why" (ecopper's own logic, which no server
changes: the Prosody tier runs them; --every-file runs them too).
Output: the server first, `PASS name` or `FAIL name` per scenario (a
failure is followed by its error and the tails of the logs), `N skipped
(...)` if any were, then one closing line `N passed, N failed`; the exit status is 1 if
any failed. With --jobs N, N runners each take every Nth scenario at the
same time (each scenario has its own ports and temp dir), and each one's
output is printed when it ends.
"""

import argparse
import asyncio
import importlib
import inspect
import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402


def discover(pattern):
    """(name, function) for every scenario, files sorted by name and
    functions in the order they are written."""
    found = []
    for path in sorted(HERE.glob(pattern)):
        mod = importlib.import_module(path.stem)
        for name, fn in vars(mod).items():
            if name.startswith("test_") and inspect.iscoroutinefunction(fn) \
                    and fn.__module__ == mod.__name__:
                found.append((f"{path.stem}.{name}", fn))
    return found


def server_version(server):
    """The Debian package version of the server, or '?'."""
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", server],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 and r.stdout else "?"


async def run_one(name, fn, timeout, keep, server):
    env = harness.Env(name, report=False, keep=keep, server=server)
    try:
        async with env:
            await asyncio.wait_for(fn(env), timeout)
    except asyncio.TimeoutError:
        return False, f"timed out after {timeout} s\n" + \
            traceback.format_exc(), env
    except BaseException as e:  # noqa: BLE001 - any failure is a FAIL
        if isinstance(e, KeyboardInterrupt):
            raise
        return False, "".join(traceback.format_exception(e)), env
    return True, None, env


SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)
# A shard's lines that the parent prints once for all of them.
SHARD_HEADER = re.compile(r"^(server: |date base |SKIP |\d+ skipped )")


def run_shards(args, n):
    """Runs the selected scenarios in n runners at once (--shard i/n),
    prints each one's output when it ends (without the lines printed once
    for all) and returns (passed, failed), summed."""
    from concurrent.futures import ThreadPoolExecutor
    argv = [sys.executable, str(HERE.parent / "run-integration"),
            "--server", args.server, "--timeout", str(args.timeout),
            "--files", args.files]
    argv += [a for k in args.filters for a in ("-k", k)]
    argv += [a for k in args.excepts for a in ("--except", k)]
    argv += ["--keep"] if args.keep else []
    argv += ["--dated"] if args.dated else []
    argv += ["--every-file"] if args.every_file else []

    def run(i):
        p = subprocess.run(argv + ["--shard", f"{i}/{n}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        return p.stdout, p.returncode

    passed = failed = 0
    with ThreadPoolExecutor(max_workers=n) as pool:
        for out, rc in pool.map(run, range(n)):
            sums = SUMMARY.findall(out)
            print("".join(line + "\n" for line in out.splitlines()
                          if not SHARD_HEADER.match(line)
                          and not SUMMARY.match(line)), end="", flush=True)
            if not sums:  # the runner never reported: one failure
                failed += 1
                continue
            passed += int(sums[-1][0])
            failed += int(sums[-1][1])
            if rc != 0 and int(sums[-1][1]) == 0:
                failed += 1
    return passed, failed


def indent(text):
    return "".join("    " + line + "\n" for line in text.rstrip().split("\n"))


def main():
    ap = argparse.ArgumentParser(prog="run-integration")
    ap.add_argument("-k", dest="filters", action="append", default=[],
                    help="run only scenarios whose name contains this "
                         "(repeatable: any of them)")
    ap.add_argument("--timeout", type=float, default=60,
                    help="overall seconds per scenario (default 60)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temp dir of passing scenarios too")
    ap.add_argument("--list", action="store_true",
                    help="print the scenario names and exit")
    ap.add_argument("--dated", action="store_true",
                    help="only the scenarios marked @harness.dated (their "
                         "instants come from the date base, when.py)")
    ap.add_argument("--files", default="test_*.py",
                    help="glob of scenario files in tests/integration "
                         "(default test_*.py)")
    ap.add_argument("--except", dest="excepts", action="append", default=[],
                    metavar="SUBSTRING",
                    help="leave out scenarios whose name contains this "
                         "(repeatable)")
    ap.add_argument("--server", choices=harness.SERVERS,
                    default=os.environ.get("ECOPPER_TEST_SERVER") or
                    harness.SERVERS[0],
                    help="the XMPP server to run the scenarios against "
                         "(default $ECOPPER_TEST_SERVER, else prosody); "
                         "not Prosody: @prosody_only scenarios are skipped")
    ap.add_argument("--every-file", action="store_true",
                    help="not Prosody: run the files marked ONE_SERVER too")
    ap.add_argument("--jobs", type=int, default=1,
                    help="runners at once, each with every Nth scenario "
                         "(default 1)")
    ap.add_argument("--shard", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    # Envs that scenarios make themselves run the same server.
    os.environ["ECOPPER_TEST_SERVER"] = args.server

    scenarios = [(n, f) for n, f in discover(args.files)
                 if (not args.filters or any(k in n for k in args.filters))
                 and not any(k in n for k in args.excepts)
                 and (not args.dated or getattr(f, "dated", False))]
    skipped, neutral = [], []
    if args.server != "prosody":
        skipped = [n for n, f in scenarios if getattr(f, "prosody_only",
                                                      False)]
        if not args.every_file:
            neutral = [n for n, f in scenarios if n not in skipped and
                       getattr(sys.modules[f.__module__], "ONE_SERVER",
                               None)]
        scenarios = [(n, f) for n, f in scenarios
                     if n not in skipped and n not in neutral]
    if args.shard:  # one of run_shards' runners: every Nth scenario
        i, n = map(int, args.shard.split("/"))
        scenarios = scenarios[i::n]
    if args.list:
        for n, _ in scenarios:
            print(n)
        return 0
    if not scenarios:
        print(f"no scenario matched (for {args.server})", file=sys.stderr)
        print("0 passed, 0 failed")
        return 1

    binpath = Path(os.environ.get("ECOPPER_BIN",
                                  harness.REPO / "build" / "ecopper"))
    if not binpath.is_file():
        print(f"warning: ecopper binary {binpath} not found: scenarios that "
              f"start it will fail (build it, or set ECOPPER_BIN)",
              flush=True)

    print(f"server: {args.server} {server_version(args.server)}",
          flush=True)
    # A dated scenario that fails names the base to run it again with
    # (ECOPPER_TEST_BASE=...).
    print(harness.when.describe(), flush=True)
    for name in skipped:
        print(f"SKIP {name} (Prosody only)", flush=True)
    if neutral:
        files = sorted({n.split(".")[0] for n in neutral})
        print(f"SKIP {len(neutral)} scenarios of {', '.join(files)} "
              f"(ONE_SERVER: run on Prosody)", flush=True)
    passed = failed = 0
    if args.jobs > 1 and not args.shard:
        passed, failed = run_shards(args, min(args.jobs, len(scenarios)))
        scenarios = []
    for name, fn in scenarios:
        t0 = time.monotonic()
        # A scenario may ask for more time than the default with a
        # `timeout` attribute (the big room does); --timeout still caps
        # ordinary ones.
        limit = max(args.timeout, getattr(fn, "timeout", 0))
        ok, err, env = asyncio.run(run_one(name, fn, limit, args.keep,
                                           args.server))
        dt = time.monotonic() - t0
        if ok:
            passed += 1
            print(f"PASS {name} ({dt:.1f} s)", flush=True)
        else:
            failed += 1
            print(f"FAIL {name} ({dt:.1f} s)", flush=True)
            print(indent(err), end="")
            if env.dir is not None:
                print(indent(env.diagnostics()), end="", flush=True)
    if skipped or neutral:
        print(f"{len(skipped) + len(neutral)} skipped (Prosody only, "
              f"ONE_SERVER)", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
