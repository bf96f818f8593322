"""The long fuzz campaign: N corrupted inputs through ``check_file``, and what became of each.

Run as ``python benchmarks/fuzz_campaign.py`` (environment: ``N`` inputs, default 100000;
``SEED`` to repeat a run; ``KEEP`` a folder to keep every escaping input in; ``TIMEOUT``
seconds after which one input counts as a hang, default 60). Prints figures; asserts
nothing. ``tests/test_fuzz.py`` checks the same property on a few hundred inputs in CI;
this is the run of a hundred thousand that a CI budget does not allow, done once and
reported.

The inputs come from ``tests/fuzz_strategies.py`` (real samples corrupted at the byte,
zip, XML and text level), drawn by hypothesis in chunks (its record of what it has tried
grows with every example), and are checked in this one process with one engine, as a
worker checks a batch. An escape is an input whose result is ``internal-error`` (auditor's
own bug), an exception out of ``check_file``, a hang, an input file changed by checking
it, or a result whose status is ``error`` without D001 (or the other way round); each is
printed with its steps and traceback. So are the slowest inputs, and every input that took
more than five seconds, in wall time and in CPU time (the machine is shared: the wall time of
one input can be several times its CPU time when others are busy).
"""

from __future__ import annotations

import os
import platform
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from auditor.catalogue.rule_files import load_catalogue  # noqa: E402
from auditor.engine.durable_adapter import engine_for  # noqa: E402
from auditor.readers import reader_for  # noqa: E402
from auditor.run.pipeline import check_file  # noqa: E402
from tests.fuzz_strategies import Corrupted, corrupted_inputs  # noqa: E402

N = int(os.environ.get("N", "100000"))
SEED = int(os.environ.get("SEED", str(random.randrange(2**32))))
KEEP = os.environ.get("KEEP")
TIMEOUT = float(os.environ.get("TIMEOUT", "60"))
#: Inputs drawn per hypothesis run (see the module docstring).
CHUNK = 5_000
#: An input that takes longer than this is reported (the bound we hold one check to).
SLOW = 5.0
#: An input after which the process's peak memory rose by more than this is reported (MiB).
RSS_STEP = 100


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that check_file's net for bugs does not catch it."""


@dataclass
class Escape:
    what: str
    corrupted: str  # its repr: the steps, not the bytes
    detail: str
    kept: str | None = None


@dataclass
class Tally:
    inputs: int = 0
    seconds: float = 0.0
    status: Counter[str] = field(default_factory=Counter)
    d_rules: Counter[str] = field(default_factory=Counter)
    by_reader: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_family: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_sample: Counter[str] = field(default_factory=Counter)
    cpu_seconds: float = 0.0
    #: (wall s, CPU s, input) of the slowest inputs by wall time, and of every input over SLOW.
    slowest: list[tuple[float, float, str]] = field(default_factory=list)
    slow: list[tuple[float, float, str]] = field(default_factory=list)
    #: Inputs after which the peak RSS rose by more than RSS_STEP: (MiB risen to, input).
    memory: list[tuple[float, str]] = field(default_factory=list)
    escapes: list[Escape] = field(default_factory=list)
    #: Tracebacks of failures to generate an input (bugs in tests/fuzz_strategies.py).
    generator_errors: list[str] = field(default_factory=list)
    bytes_in: int = 0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _on_alarm(_signum: int, _frame: object) -> None:
    raise Hang


def main() -> None:
    catalogue = load_catalogue(REPO / "rules")
    engine = engine_for(catalogue)
    tally = Tally()
    workdir = Path(tempfile.mkdtemp(prefix="fuzz-campaign-"))
    keep = Path(KEEP) if KEEP else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _on_alarm)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"N={N}, SEED={SEED}, one process, one engine", flush=True)

    def check_one(corrupted: Corrupted) -> None:
        path = workdir / f"input{corrupted.suffix}"
        path.write_bytes(corrupted.data)
        reader = reader_for(path)
        reader_name = reader.name if reader is not None else "none"
        started, started_cpu = time.perf_counter(), time.process_time()
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
        try:
            result = check_file(path, catalogue, engine)
        except Hang:
            result = None
            escape = Escape("hang", repr(corrupted), f"no result after {TIMEOUT:.0f} s")
        except BaseException as exc:  # noqa: BLE001 - check_file must not raise; count whatever does
            if isinstance(exc, KeyboardInterrupt):
                raise
            result = None
            escape = Escape("exception", repr(corrupted), traceback.format_exc())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        tally.inputs += 1
        tally.seconds += elapsed
        tally.cpu_seconds += cpu
        tally.bytes_in += len(corrupted.data)
        tally.by_sample[corrupted.sample] += 1
        if result is not None:
            escape = None
            status = result.status
            tally.d_rules.update({f.rule for f in result.findings if f.rule.startswith("D")})
            if status == "internal-error":
                escape = Escape("internal-error", repr(corrupted), getattr(result, "_traceback", "") or result.findings[0].message)
            elif ("D001" in {f.rule for f in result.findings}) != (status == "error"):
                escape = Escape("D001 without status error, or error without D001", repr(corrupted),
                                f"{status}: {[f.rule for f in result.findings]}")
            if path.read_bytes() != corrupted.data:
                escape = Escape("input changed", repr(corrupted), "the file's bytes differ after checking it")
        else:
            status = escape.what
        tally.status[status] += 1
        tally.by_reader[(reader_name, status)] += 1
        tally.by_family[(corrupted.family, status)] += 1
        if escape is not None:
            if keep is not None:
                kept = keep / f"escape-{len(tally.escapes):04d}{corrupted.suffix}"
                kept.write_bytes(corrupted.data)
                escape.kept = str(kept)
            tally.escapes.append(escape)
            print(f"ESCAPE #{len(tally.escapes)} ({escape.what}): {corrupted!r}", file=sys.stderr, flush=True)
        if elapsed > SLOW or cpu > SLOW:
            tally.slow.append((elapsed, cpu, repr(corrupted)))
        if len(tally.slowest) < 5 or elapsed > tally.slowest[-1][0]:
            tally.slowest = sorted([*tally.slowest, (elapsed, cpu, repr(corrupted))], key=lambda row: -row[0])[:5]
        peak = _peak_mib()
        if peak > (tally.memory[-1][0] if tally.memory else baseline) + RSS_STEP:
            tally.memory.append((peak, repr(corrupted)))
        if tally.inputs % 1000 == 0:
            print(f"  {tally.inputs} inputs, {time.perf_counter() - wall_start:.0f} s, "
                  f"{dict(tally.status)}", file=sys.stderr, flush=True)

    baseline = _peak_mib()
    wall_start = time.perf_counter()
    chunk = 0
    while tally.inputs < N:
        count = min(CHUNK, N - tally.inputs)
        before = tally.inputs

        @seed(SEED * 1_000_003 + chunk)  # distinct for every (SEED, chunk)
        @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None,
                  suppress_health_check=list(HealthCheck))
        @given(corrupted_inputs())
        def run(corrupted: Corrupted) -> None:
            check_one(corrupted)

        try:
            run()
        except Exception:  # noqa: BLE001 - a bug in the strategies, not in auditor: say so and go on
            tally.generator_errors.append(traceback.format_exc())
            print(f"GENERATOR ERROR #{len(tally.generator_errors)}", file=sys.stderr, flush=True)
        chunk += 1
        if tally.inputs == before or len(tally.generator_errors) > 10:  # nothing more to try, or broken
            break
    wall = time.perf_counter() - wall_start
    report(tally, wall)


def report(tally: Tally, wall: float) -> None:
    n = tally.inputs
    peak_mib = _peak_mib()
    print(f"\ninputs: {n} ({tally.bytes_in / 2**20:.0f} MiB in all) in {wall:.0f} s wall: {n / wall:.1f} inputs/s "
          f"(checking alone {tally.seconds:.0f} s, {1000 * tally.seconds / max(n, 1):.2f} ms/input, "
          f"of CPU {tally.cpu_seconds:.0f} s, {1000 * tally.cpu_seconds / max(n, 1):.2f} ms/input; "
          f"the rest is generating and writing); peak RSS {peak_mib:.0f} MiB")
    print("\nby status:")
    for status, count in tally.status.most_common():
        print(f"  {status:28} {count:8d}  {100 * count / n:5.1f}%")
    print("\nD rules (inputs whose result has the rule):")
    for rule, count in sorted(tally.d_rules.items()):
        print(f"  {rule:28} {count:8d}")
    print("\nby reader × status:")
    for (reader, status), count in sorted(tally.by_reader.items()):
        print(f"  {reader:10} {status:17} {count:8d}")
    print("\nby first corruption × status:")
    for (family, status), count in sorted(tally.by_family.items()):
        print(f"  {family:10} {status:17} {count:8d}")
    print("\nby sample:")
    for sample, count in sorted(tally.by_sample.items()):
        print(f"  {sample:44} {count:8d}")
    print("\nslowest inputs (wall, CPU):")
    for elapsed, cpu, corrupted in tally.slowest:
        print(f"  {elapsed:7.3f} s {cpu:7.3f} s  {corrupted}")
    print(f"\ninputs over {SLOW:.0f} s (wall, CPU): {len(tally.slow)}, of which over {SLOW:.0f} s of CPU: "
          f"{sum(cpu > SLOW for _, cpu, _ in tally.slow)}")
    for elapsed, cpu, corrupted in tally.slow:
        print(f"  {elapsed:7.3f} s {cpu:7.3f} s  {corrupted}")
    print(f"\ninputs after which the peak RSS rose by more than {RSS_STEP} MiB: {len(tally.memory)}")
    for peak, corrupted in tally.memory:
        print(f"  {peak:7.0f} MiB  {corrupted}")
    print(f"\nstrategy errors (inputs that could not be generated; not auditor's): {len(tally.generator_errors)}")
    for error in tally.generator_errors:
        print(error.rstrip())
    print(f"\nescapes: {len(tally.escapes)}")
    for i, escape in enumerate(tally.escapes, 1):
        print(f"\n--- escape {i}: {escape.what}: {escape.corrupted}" + (f" kept as {escape.kept}" if escape.kept else ""))
        print(escape.detail.rstrip())


if __name__ == "__main__":
    main()
