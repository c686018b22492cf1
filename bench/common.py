"""What the comparison scripts share: BLAS pinning and reading criterion's best times.

Both sides of every comparison report their best measurement: here, the fastest criterion
sample's time per iteration.
"""
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent


def pin_blas():
    """Pins NumPy's BLAS to one thread and describes it (or says it could not)."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:  # pragma: no cover
        return "unknown (threadpoolctl missing: BLAS threads not pinned)"
    threadpool_limits(1)
    return ", ".join(
        f"{i['internal_api']} {i.get('version', '?')} {i.get('architecture', '?')}, "
        f"{i.get('num_threads', '?')} thread(s)"
        for i in threadpool_info()
    )


def criterion_best(bench, measurement_time=2):
    """Runs `cargo bench --bench <bench>` and returns {(group, case): best seconds}."""
    subprocess.run(
        ["cargo", "bench", "--bench", bench, "--",
         "--warm-up-time", "1", "--measurement-time", str(measurement_time)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    out = {}
    for sample in (ROOT / "target" / "criterion").glob("*/*/new/sample.json"):
        group, case = sample.parts[-4], sample.parts[-3]
        data = json.loads(sample.read_text())
        out[(group, case)] = min(t / i for t, i in zip(data["times"], data["iters"])) / 1e9
    return out


def bench_lines(bench, *args):
    """Runs `cargo bench --bench <bench> [args]` and returns its `name value` lines as
    {name: float} (the harness-less benches print one such line per case)."""
    proc = subprocess.run(["cargo", "bench", "--bench", bench, *args], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    out = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return out
