"""Mutation testing of the modules that decide access: run mutmut and print the score per module.

    python bench/mutate.py                       # every module in ACCESS_MODULES
    python bench/mutate.py events.permissions practices/permissions/commission.py
    python bench/mutate.py --report              # only print the figures of the last run
    python bench/mutate.py --survivors events.permissions   # list what survived, with diffs

mutmut copies the code into ``mutants/`` and changes one thing at a time there (a comparison
flipped, a filter keyword dropped, ``False`` made ``True``); a mutant is killed when a test fails.
The tests it runs are the ones in ``[tool.mutmut] pytest_add_cli_args_test_selection`` that
call the mutated function (browser tests excluded). Modules run one after another; the number
of worker processes is ``MUTATE_CHILDREN`` (1 by default: the machine is shared).

A mutant that cannot change behaviour is marked in the code with ``# pragma: no mutate`` and a
one-line reason; mutmut then does not make it. The score is killed / (mutants made), so a
mutant that no selected test reaches counts against the module.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every module where access or ranking is decided. Keep in step with [tool.mutmut] only_mutate.
ACCESS_MODULES = [
    "practices.permissions.questionnaires",
    "practices.permissions.commission",
    "practices.permissions.pilot_sites",
    "practices.selectors.commission",
    "practices.selectors.questionnaires",
    "practices.selectors.pilot_sites",
    "events.permissions",
    "events.services.evidence",
    "events.selectors",
    "resursnaya_sreda.accounts.permissions",
    "videos.permissions",
    "videos.selectors",
    "contest.permissions",
    "contest.selectors",
    "letters.permissions",
    "letters.selectors",
    "dashboard.permissions",
]

# mutmut's exit codes, folded into what the score needs.
KILLED = {1, 3, 37}
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}
NOT_CHECKED = {None}


def dotted(name: str) -> str:
    """``practices/permissions/commission.py`` and ``practices.permissions.commission`` alike."""
    name = name.strip()
    if name.endswith(".py"):
        name = name[:-3]
    return name.replace("/", ".").strip(".")


def meta_path(module: str) -> Path:
    return ROOT / "mutants" / (module.replace(".", "/") + ".py.meta")


def mutmut_command() -> list[str]:
    explicit = os.environ.get("MUTMUT")
    if explicit:
        return [explicit]
    beside = ROOT / ".venv-mut" / "bin" / "mutmut"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "mutmut"]


def run(modules: list[str], children: int) -> int:
    """One mutmut run for all the modules: its clean run of the tests is done once, and the
    mutants are tried one module after another."""
    # The tests run with --reuse-db (see pyproject.toml): start from a database of today's
    # migrations, built once by mutmut's first test run and reused by every mutant after it.
    (ROOT / "mutants" / "var" / "test-db.sqlite3").unlink(missing_ok=True)
    command = [*mutmut_command(), "run", "--max-children", str(children)]
    command += [f"{module}.*" for module in modules]
    print(f"== {' '.join(command)}", flush=True)
    with open(ROOT / "var" / "mutate.log", "a", encoding="utf-8") as log:
        return subprocess.call(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def results(module: str) -> dict[str, int | None]:
    path = meta_path(module)
    if not path.exists():
        return {}
    codes = json.loads(path.read_text(encoding="utf-8"))["exit_code_by_key"]
    return {name: code for name, code in codes.items() if name.startswith(module + ".")}


def tally(codes: dict[str, int | None]) -> Counter:
    counts: Counter = Counter()
    for code in codes.values():
        if code in KILLED:
            counts["killed"] += 1
        elif code in SURVIVED:
            counts["survived"] += 1
        elif code in NO_TESTS:
            counts["no tests"] += 1
        elif code in TIMEOUT:
            counts["timeout"] += 1
        elif code in NOT_CHECKED:
            counts["not checked"] += 1
        else:
            counts["suspicious"] += 1
    return counts


def report(modules: list[str]) -> dict[str, float]:
    """Print the table and return the score of each module that ran."""
    header = f"{'module':42} {'mutants':>7} {'killed':>6} {'surv.':>5} {'untested':>8} {'score':>6}"
    print(header)
    print("-" * len(header))
    total: Counter = Counter()
    scores = {}
    for module in modules:
        counts = tally(results(module))
        made = sum(counts.values()) - counts["not checked"]
        total.update(counts)
        if not made:
            print(f"{module:42} {'not run':>7}")
            continue
        # A timeout means the mutant hung the code under test: the tests noticed it.
        caught = counts["killed"] + counts["timeout"]
        scores[module] = 100.0 * caught / made
        print(
            f"{module:42} {made:7} {caught:6} {counts['survived']:5} "
            f"{counts['no tests']:8} {scores[module]:5.1f}%"
        )
    made = sum(total.values()) - total["not checked"]
    if made:
        caught = total["killed"] + total["timeout"]
        print("-" * len(header))
        print(
            f"{'total':42} {made:7} {caught:6} {total['survived']:5} "
            f"{total['no tests']:8} {100.0 * caught / made:5.1f}%"
        )
    return scores


def survivors(modules: list[str]) -> None:
    for module in modules:
        for name, code in sorted(results(module).items()):
            if code in SURVIVED | NO_TESTS | NOT_CHECKED:
                subprocess.call([*mutmut_command(), "show", name], cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="dotted names or paths; default: all")
    parser.add_argument("--report", action="store_true", help="print the last figures only")
    parser.add_argument("--survivors", action="store_true", help="show the surviving mutants")
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 under this score")
    args = parser.parse_args()
    modules = [dotted(m) for m in args.modules] or ACCESS_MODULES
    if args.survivors:
        survivors(modules)
        return 0
    if not args.report:
        (ROOT / "var").mkdir(exist_ok=True)
        run(modules, int(os.environ.get("MUTATE_CHILDREN", "1")))
    scores = report(modules)
    low = [m for m, score in scores.items() if score < args.fail_under]
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
