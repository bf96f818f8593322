#!/usr/bin/env bash
# Mutation testing of the facts, the condition language and its durable-rules compiler (issue 10).
#
# Why a script: mutmut 3 reads its settings from pyproject.toml or setup.cfg and writes a
# mutants/ tree beside them. Neither belongs in the repository (mutmut is not a dependency
# of auditor), so the script copies the working tree (tracked and untracked, not ignored)
# to a scratch folder, writes the settings there and runs mutmut in it. The results and
# the surviving mutants are explained in benchmarks/mutation.md.
#
# Usage (from the repository, after `make test` has made .venv):
#   .venv/bin/pip install mutmut==3.8.1        # into .venv only; not a dependency of auditor
#   bash benchmarks/mutation.sh                # all mutants; prints the score
#   bash benchmarks/mutation.sh 'auditor.facts.funds.*'   # only some (mutmut's name globs)
# Environment: MUTATION_DIR (scratch folder, default /tmp/auditor-mutation; emptied first
# unless KEEP=1), JOBS (parallel workers, default 2), REV (a commit to test instead of the
# working tree, e.g. the one before issue 10's tests), MAX_EXAMPLES (each Hypothesis test's
# examples are capped at this many, default 30, so that a surviving mutant costs seconds,
# not the full 150–300 examples of every property test), TIMEOUT_MULTIPLIER (a mutant is
# stopped after this many times its tests' normal CPU time, twice over; mutmut's default 15
# lets one hanging mutant hold a worker for minutes on a shared 2-core machine).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$REPO/.venv}"
SCRATCH="${MUTATION_DIR:-/tmp/auditor-mutation}"
JOBS="${JOBS:-2}"
MAX_EXAMPLES="${MAX_EXAMPLES:-30}"
TIMEOUT_MULTIPLIER="${TIMEOUT_MULTIPLIER:-15}"

if [[ "${KEEP:-0}" != 1 ]]; then
    rm -rf "$SCRATCH"
fi
mkdir -p "$SCRATCH"
if [[ -n "${REV:-}" ]]; then
    (cd "$REPO" && git archive "$REV") | tar -x -C "$SCRATCH"
else
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$SCRATCH")
fi

# A pytest plugin that caps Hypothesis's examples (the decorators set them explicitly, so a
# profile would not); pytest loads it before it imports the test modules.
cat > "$SCRATCH/mutation_examples.py" <<PLUGIN
"""Caps every Hypothesis test at $MAX_EXAMPLES examples during a mutation run."""
import hypothesis

CAP = $MAX_EXAMPLES
_init = hypothesis.settings.__init__


def _capped(self, parent=None, **kwargs):
    if kwargs.get("max_examples", 0) > CAP:
        kwargs["max_examples"] = CAP
    _init(self, parent, **kwargs)


hypothesis.settings.__init__ = _capped
PLUGIN

# Only these are mutated; in durable_adapter.py only the compile functions are run (below).
cat > "$SCRATCH/setup.cfg" <<'SETTINGS'
[mutmut]
source_paths = auditor
only_mutate =
    auditor/facts/*.py
    auditor/catalogue/conditions.py
    auditor/engine/durable_adapter.py
also_copy =
    rules/
    sample_submissions/
    docs/
    README.md
    mutation_examples.py
SETTINGS
echo "timeout_multiplier = $TIMEOUT_MULTIPLIER" >> "$SCRATCH/setup.cfg"
cat >> "$SCRATCH/setup.cfg" <<'SETTINGS'
# A fixed Hypothesis seed makes a run repeatable.
pytest_add_cli_args =
    -p
    mutation_examples
    --hypothesis-seed=0
    -p
    no:cacheprovider
pytest_add_cli_args_test_selection =
SETTINGS
# The tests that exercise facts and rules (those present in this checkout).
for test in test_boundaries test_samples test_conditions test_facts test_messages test_rule_examples test_funds test_claims test_indicators \
        test_scores test_national_scoring test_catalogue test_engine_durable test_consistency test_engines_agree; do
    if [[ -f "$SCRATCH/tests/$test.py" ]]; then
        echo "    tests/$test.py" >> "$SCRATCH/setup.cfg"
    fi
done

cd "$SCRATCH"
if [[ $# -gt 0 ]]; then
    names=("$@")
else
    names=('auditor.facts.*' 'auditor.catalogue.conditions.*' 'auditor.engine.durable_adapter.x_compile_*')
fi
start=$(date +%s)
"$VENV/bin/mutmut" run --max-children "$JOBS" "${names[@]}" > "$SCRATCH/run.log" 2>&1 || { tail -c 3000 "$SCRATCH/run.log"; exit 1; }
echo "mutation run took $(( $(date +%s) - start )) s"
# The score: mutants by outcome (mutmut's exit-code classes), over the mutants that were run.
"$VENV/bin/python" - "${names[@]}" <<'SCORE'
import fnmatch, json, pathlib, sys
from collections import Counter

from mutmut.stats import status_by_exit_code

outcomes, left = Counter(), []
for meta in sorted(pathlib.Path("mutants").rglob("*.meta")):
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        if not any(fnmatch.fnmatch(name, pattern) for pattern in sys.argv[1:]):
            continue
        status = status_by_exit_code[code]
        outcomes[status] += 1
        if status != "killed":
            left.append(f"{status}: {name}")
total = sum(outcomes.values())
print(f"{total} mutants: " + ", ".join(f"{n} {status}" for status, n in outcomes.most_common()))
print(f"score: {outcomes['killed']}/{total} = {100 * outcomes['killed'] / total:.1f}% killed")
pathlib.Path("not-killed.txt").write_text("\n".join(left) + "\n", encoding="utf-8")
print(f"not killed: {len(left)}, listed in {pathlib.Path('not-killed.txt').resolve()} (mutmut show NAME for a diff)")
SCORE
