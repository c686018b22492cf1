#!/usr/bin/env python3
"""Side-by-side timings of issue 5's `tensor!` cases and NumPy composing the same.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/compare_tensor.py

Runs `cargo bench --bench tensor` (criterion; best sample per iteration), times NumPy
(one thread, best of 15 repeats of 5) and prints a Markdown table. Ratios > 1: einarray faster.
"""
import timeit

import numpy as np

from common import criterion_best, pin_blas

BLAS = pin_blas()
B, I, O = 128, 784, 500


def best(stmt, g, number=5, repeat=15):
    return min(timeit.Timer(stmt, globals=g).repeat(repeat=repeat, number=number)) / number


def numpy_cases():
    rng = np.random.default_rng(0)
    z = rng.uniform(-1, 1, (B, O))
    w = rng.uniform(-1, 1, (O, I))
    x = rng.uniform(-1, 1, (B, I))
    bias = rng.uniform(-1, 1, O)
    a = rng.uniform(-1, 1, (512, 512))
    big = rng.uniform(-1, 1, (2048, 2048))
    row = rng.uniform(-1, 1, 2048)
    b = rng.uniform(-1, 1, (512, 512))

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def mlp(w, x, bias):
        return 1.0 / (1.0 + np.exp(-(np.einsum("oi,bi->bo", w, x, optimize=True) + bias)))

    g = dict(np=np, z=z, w=w, x=x, bias=bias, a=a, b=b, big=big, row=row, softmax=softmax, mlp=mlp)
    # display name -> (NumPy time, criterion id of the einarray side)
    return {
        "softmax_128x500": (best("softmax(z)", g), "softmax_128x500/tensor"),
        "softmax_128x500, f64::exp": (best("softmax(z)", g), "softmax_128x500/tensor_libm_exp"),
        "mlp_layer_128x784x500": (best("mlp(w, x, bias)", g), "mlp_layer_128x784x500/tensor"),
        "mlp_layer_128x784x500, its GEMM alone": (
            best("np.einsum('oi,bi->bo', w, x, optimize=True)", g),
            "mlp_layer_128x784x500/einsum_gemm_only",
        ),
        "matmul_512_forms": (best("np.einsum('ij,jk->ik', a, b, optimize=True)", g), "matmul_512_forms/tensor"),
        "broadcast_add_2048": (best("big + row", g), "broadcast_add_2048/tensor"),
        "inplace_add_2048": (best("np.add(big, row, out=big)", g), "inplace_add_2048/tensor"),
    }


def rust_cases():
    return {f"{g}/{c}": t for (g, c), t in criterion_best("tensor", measurement_time=3).items()}


def main():
    rust = rust_cases()
    numpy = numpy_cases()
    print(f"NumPy {np.__version__} ({BLAS})\n")
    print("| case | NumPy | einarray `tensor!` | NumPy / einarray | `einsum!` |")
    print("|---|---|---|---|---|")
    for case, (t_np, key) in numpy.items():
        t = rust[key]
        e = rust.get(key.split("/")[0] + "/einsum") if key.endswith("/tensor") else None
        es = f"{e*1e3:.3f} ms" if e else ""
        print(f"| `{case}` | {t_np*1e3:.3f} ms | {t*1e3:.3f} ms | {t_np/t:.2f}x | {es} |")

if __name__ == "__main__":
    main()
