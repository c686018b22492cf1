#!/usr/bin/env python3
"""Side-by-side timings of `.npy` loading and saving in NumPy and einarray, in one run.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_npy.py

It builds and runs `cargo bench --bench npy` (criterion), which writes a 100 MB f64 array to
`$TMPDIR/einarray-npy-bench/f64_100MB.npy` (and a big-endian copy) once and times `npy::load`
of it; then it times NumPy on the very same files (`np.load`, and `np.save` of the same array),
prints a Markdown table of ratios, and removes the files. Both sides read from the page cache.
Both report their best time (criterion: the fastest sample's time per iteration; NumPy: best of
15 repeats), over two alternating windows each, each window in a fresh process. Ratios > 1 mean
einarray is faster.

NumPy's `np.load` of a big-endian file returns a big-endian array without converting it; the
big-endian row times `np.load(...).astype('<f8')`, which gives what `npy::load` returns (native
`f64`s), and the plain `np.load` time is printed below the table.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import timeit

import numpy as np

from common import criterion_best

N = 12_500_000  # 100 MB of f64
DIR = pathlib.Path(tempfile.gettempdir()) / "einarray-npy-bench"
FILE = DIR / "f64_100MB.npy"
BIG = DIR / "f64_100MB_big_endian.npy"
# Saving writes to memory where it can (as benches/npy.rs does): repeated 100 MB writes to a
# disk-backed directory soon wait for the disk.
SAVE_DIR = pathlib.Path("/dev/shm") if pathlib.Path("/dev/shm").is_dir() else DIR


def best(stmt, g, number=1, repeat=15):
    t = timeit.Timer(stmt, globals=g)
    return min(t.repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    a = np.arange(N, dtype=np.float64) / 3.0
    out = SAVE_DIR / f"einarray-npy-bench-numpy-{os.getpid()}.npy"
    g = dict(np=np, FILE=FILE, BIG=BIG, a=a, out=out)
    # Saving first, as in benches/npy.rs (repeated large writes slow down once a process has
    # churned through large buffers).
    cases = {"npy_save_100MB_f64/einarray": best("np.save(out, a)", g)}
    cases["npy_load_100MB_f64/einarray"] = best("np.load(FILE)", g)
    cases["npy_load_100MB_f64_big_endian/einarray"] = best("np.load(BIG).astype('<f8')", g)
    big_plain = best("np.load(BIG)", g)
    # Both sides worked on the same data, and wrote the same bytes.
    assert np.array_equal(np.load(FILE), a), "the file is not the benchmark's array"
    assert np.array_equal(np.load(BIG), a) and np.load(BIG).dtype.str == ">f8"
    assert out.read_bytes() == FILE.read_bytes(), "np.save and einarray wrote other bytes"
    out.unlink()
    return cases, big_plain


def numpy_window():
    """`numpy_cases()` in a fresh process, as each criterion window is."""
    out = subprocess.run([sys.executable, __file__, "--numpy-window"], check=True,
                         capture_output=True, text=True).stdout
    cases, plain = json.loads(out)
    return cases, plain


def main():
    # Two alternating windows per side (einarray, NumPy, einarray, NumPy), each side's best:
    # timings that allocate or write 100 MB drift by ±10-20% over minutes on this machine, and
    # alternating keeps the drift from favouring either side. The Rust bench writes the files.
    numpy, rust, big_plain = {}, {}, float("inf")
    try:
        for _ in range(2):
            for (g, c), t in criterion_best("npy", measurement_time=3).items():
                k = f"{g}/{c}"
                rust[k] = min(t, rust.get(k, t))
            cases, plain = numpy_window()
            for k, t in cases.items():
                numpy[k] = min(t, numpy.get(k, t))
            big_plain = min(big_plain, plain)
    finally:
        shutil.rmtree(DIR, ignore_errors=True)
    baseline = rust.get("npy_load_100MB_f64/read_into_reused_buffer_baseline")
    print(f"NumPy {np.__version__}; 100 MB = {N:,} f64, files in the page cache")
    print()
    print("| case | NumPy | einarray | NumPy / einarray | GB/s (einarray) |")
    print("|---|---|---|---|---|")
    for case, t_np in numpy.items():
        t_rs = rust.get(case)
        if t_rs is None:
            print(f"| {case} | {t_np*1e3:.2f} ms | missing | | |", file=sys.stderr)
            continue
        print(f"| `{case}` | {t_np*1e3:.2f} ms | {t_rs*1e3:.2f} ms | {t_np/t_rs:.2f}x | "
              f"{N*8/t_rs/1e9:.1f} |")
    print()
    print(f"NumPy's big-endian row is `np.load(...).astype('<f8')`; `np.load` alone (no "
          f"conversion, a `>f8` array): {big_plain*1e3:.2f} ms.")
    if baseline:
        print(f"Bound: reading the file into an already-mapped buffer: {baseline*1e3:.2f} ms, "
              f"{N*8/baseline/1e9:.1f} GB/s.")


if __name__ == "__main__":
    if sys.argv[1:] == ["--numpy-window"]:
        print(json.dumps(numpy_cases()))
    else:
        main()
