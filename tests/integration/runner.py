"""
runner.py - runs the integration scenarios; started by tests/run-integration.

A scenario is an `async def test_*(env)` in tests/integration/test_*.py; it
gets a fresh harness.Env (its own Prosody, temp dir and ports) and runs
under an overall timeout. Scenarios run one after another, each in its own
event loop. Output: `PASS name` or `FAIL name` per scenario (a failure is
followed by its error and the tails of the logs), then one closing line
`N passed, N failed`; the exit status is 1 if any failed.
"""

import argparse
import asyncio
import importlib
import inspect
import os
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


async def run_one(name, fn, timeout, keep):
    env = harness.Env(name, report=False, keep=keep)
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
    args = ap.parse_args()

    scenarios = [(n, f) for n, f in discover(args.files)
                 if (not args.filters or any(k in n for k in args.filters))
                 and (not args.dated or getattr(f, "dated", False))]
    if args.list:
        for n, _ in scenarios:
            print(n)
        return 0
    if not scenarios:
        print("no scenario matched", file=sys.stderr)
        print("0 passed, 0 failed")
        return 1

    binpath = Path(os.environ.get("ECOPPER_BIN",
                                  harness.REPO / "build" / "ecopper"))
    if not binpath.is_file():
        print(f"warning: ecopper binary {binpath} not found: scenarios that "
              f"start it will fail (build it, or set ECOPPER_BIN)",
              flush=True)

    # A dated scenario that fails names the base to run it again with
    # (ECOPPER_TEST_BASE=...).
    print(harness.when.describe(), flush=True)
    passed = failed = 0
    for name, fn in scenarios:
        t0 = time.monotonic()
        # A scenario may ask for more time than the default with a
        # `timeout` attribute (the big room does); --timeout still caps
        # ordinary ones.
        limit = max(args.timeout, getattr(fn, "timeout", 0))
        ok, err, env = asyncio.run(run_one(name, fn, limit, args.keep))
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
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
