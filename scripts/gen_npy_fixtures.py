#!/usr/bin/env python3
"""Writes the `.npy` and text fixtures of tests/npy.rs into tests/fixtures/npy/.

Usage (from the repository root):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/gen_npy_fixtures.py

Every file is written by NumPy itself (`np.save`, `np.lib.format.write_array` for the 2.0 and
3.0 headers, `np.savetxt`), or by hand for the text cases NumPy reads (its `np.loadtxt` result is
then the expected value). Deterministic: fixed values, no random numbers. No network access.

`tests/fixtures/npy/manifest.txt` lists them, one per line (`#` lines are comments):

    npy <file> <descr> <C|F> <version> <same> <shape> <values>
    txt <file> <delimiter> <ndim> <shape> <values>
    savetxt <file> <delimiter> <shape> <values>

- npy: an array file. descr is the dtype as the header has it (`<f8`, `>i4`, `|b1`); C or F is
  its `fortran_order`; version is `1.0`, `2.0` or `3.0`; same is 1 when the file is what
  `np.save` writes for the array (einarray must write the very same bytes for it), else 0.
- txt: a text file for `loadtxt::<ndim>` with the delimiter `ws` (whitespace: `None`), `tab`,
  `space` or the character itself; the expected result is NumPy's `np.loadtxt`.
- savetxt: a file NumPy wrote with `np.savetxt(fmt='%d')` from integers, which einarray's
  `savetxt` of the same `i64` array with the same delimiter (named as for txt) must reproduce
  byte for byte.
- shape: `[2,3]`, `[]` for 0-D. values: the elements in C order, comma-separated, no spaces;
  floats as Python's `repr` (shortest round-trip: Rust parses the very same value; `nan`, `inf`,
  `-inf`, `-0.0`), complex numbers as two entries (real, imaginary), bools as 0 and 1.

The view fixtures (`view_*`) are `np.save` of views of `np.arange(24.0).reshape(4, 6)`; the
test makes the same views in einarray. The error fixtures (`err_*`) are files einarray must
refuse: unsupported dtypes and a truncated file.
"""
import io
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "npy"


def fmt_value(x):
    if isinstance(x, (bool, np.bool_)):
        return "1" if x else "0"
    if isinstance(x, (complex, np.complexfloating)):
        return f"{fmt_value(float(x.real))},{fmt_value(float(x.imag))}"
    if isinstance(x, (float, np.floating)):
        return repr(float(x))
    return str(int(x))


def delim_name(delimiter):
    """The manifest's name of a delimiter: `ws` (None: whitespace), `tab`, `space`, or itself."""
    return {None: "ws", "\t": "tab", " ": "space"}.get(delimiter, delimiter)


def fmt_shape(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def fmt_values(a):
    return "[" + ",".join(fmt_value(x) for x in np.asarray(a).ravel(order="C")) + "]"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    lines = [
        "# .npy and text fixtures of tests/npy.rs; the format is described in",
        f"# scripts/gen_npy_fixtures.py (generated with NumPy {np.__version__}; do not edit).",
    ]

    def npy(name, a, version=None, same=True):
        """Writes `a` (np.save, or write_array with an explicit header version)."""
        path = OUT / f"{name}.npy"
        if version is None:
            np.save(path, a)
        else:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, a, version=version)
        # What the header says, read back through NumPy's own reader.
        with open(path, "rb") as f:
            major, minor = np.lib.format.read_magic(f)
            if (major, minor) == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        assert shape == a.shape
        back = np.load(path)
        assert back.dtype == a.dtype and back.shape == a.shape
        assert np.array_equal(back, a, equal_nan=a.dtype.kind in "fc")
        lines.append(
            f"npy {name}.npy {dtype.str} {'F' if fortran else 'C'} {major}.{minor} "
            f"{int(same)} {fmt_shape(a.shape)} {fmt_values(a)}"
        )

    # Every dtype, C order, with extreme values.
    npy("f8", np.array([[0.1, -0.0, 5e-324, 1.7976931348623157e308],
                        [np.nan, np.inf, -np.inf, -2.5]]))
    npy("f4", np.array([[0.1, -0.0, 1e-45, 3.4028235e38],
                        [np.nan, np.inf, -np.inf, -2.5]], dtype=np.float32))
    for t in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(t)
        npy(np.dtype(t).str[1:], np.array([[info.min, -1, 0], [1, 42, info.max]], dtype=t))
    for t in (np.uint8, np.uint16, np.uint32, np.uint64):
        info = np.iinfo(t)
        npy(np.dtype(t).str[1:], np.array([[0, 1, 7], [200, info.max - 1, info.max]], dtype=t))
    npy("b1", np.array([[True, False, True], [False, False, True]]))
    npy("c8", np.array([[1 + 2j, -0.5 - 0.25j], [complex(np.nan, 1), complex(3.4028235e38, -np.inf)]],
                       dtype=np.complex64))
    npy("c16", np.array([[0.1 + 0.2j, -1e-300j, 5e-324 + 0j], [np.inf, complex(-2.5, np.nan), 7j]]))

    # F order (np.save writes fortran_order: True and the data in F order, no copy).
    npy("f8_fortran", np.asfortranarray(np.arange(12.0).reshape(3, 4) / 8))
    npy("i2_fortran", np.asfortranarray(np.array([[1, -2, 3], [-4, 5, -6]], dtype=np.int16)))
    npy("c16_fortran", np.asfortranarray(np.array([[1 + 1j, 2 - 2j], [3.5j, -4.25]])))
    npy("u1_fortran_3d", np.asfortranarray(np.arange(24, dtype=np.uint8).reshape(2, 3, 4)))
    npy("b1_fortran", np.asfortranarray(np.array([[True, False], [True, True], [False, True]])))
    npy("f4_fortran_3d", np.asfortranarray((np.arange(60, dtype=np.float32) - 30).reshape(3, 4, 5) / 4))

    # 0-D, empty, 1-D, 3-D.
    npy("f8_0d", np.array(3.25))
    npy("i4_0d", np.array(-7, dtype=np.int32))
    npy("c8_0d", np.array(1.5 - 2j, dtype=np.complex64))
    npy("b1_0d", np.array(True))
    npy("f8_empty", np.zeros(0))
    npy("i4_empty_2x0", np.zeros((2, 0), dtype=np.int32))
    npy("f8_empty_0x3_fortran", np.asfortranarray(np.zeros((0, 3))))
    npy("u4_1d", np.array([0, 1, 2, 3, 4294967295], dtype=np.uint32))
    npy("i8_3d", np.arange(-12, 12, dtype=np.int64).reshape(2, 3, 4))
    npy("f8_1x3_fortran", np.asfortranarray(np.array([[1.0, 2.0, 3.0]])))  # both C and F
    # Growth padding with more digits in the first axis.
    npy("i1_300", (np.arange(300) % 256 - 128).astype(np.int8))
    npy("u2_1000x1", np.arange(1000, dtype=np.uint16).reshape(1000, 1))

    # A header whose length is already a multiple of 64: NumPy pads a whole 64 bytes more.
    for k in range(1, 70):
        shape = (1,) * k
        hdr = io.BytesIO()
        np.lib.format.write_array_header_1_0(
            hdr, {"descr": "<f8", "fortran_order": False, "shape": shape})
        body = hdr.getvalue()[:-1]
        if len(body) - len(body.rstrip(b" ")) == 20 + 64:  # growth spaces + a whole 64
            npy("f8_align_edge", np.full(shape, 0.5))
            break
    else:
        raise SystemExit("no shape of ones hits the alignment edge")

    # Big-endian data, converted on load (not byte-identical: einarray writes '<').
    npy("f8_big", np.array([[0.1, -0.0, np.nan], [np.inf, 1e300, -2.5]], dtype=">f8"), same=False)
    npy("i4_big", np.array([-2147483648, -1, 0, 258, 2147483647], dtype=">i4"), same=False)
    npy("c16_big", np.array([1 + 2j, -0.5j, np.inf - 1e-300j], dtype=">c16"), same=False)
    npy("f4_big_fortran", np.asfortranarray(np.array([[1.5, -2.0, 3.25], [0.1, 1e-45, -0.0]],
                                                     dtype=">f4")), same=False)
    npy("u2_big", np.array([0, 1, 256, 65535], dtype=">u2"), same=False)
    npy("i8_big_0d", np.array(-(2**62) - 3, dtype=">i8"), same=False)

    # Header versions 2.0 and 3.0.
    npy("f8_v2", np.arange(6.0).reshape(2, 3) - 2.5, version=(2, 0), same=False)
    npy("i4_v3", np.array([1, -2, 3], dtype=np.int32), version=(3, 0), same=False)
    npy("c8_v2_fortran", np.asfortranarray(np.array([[1j, 2], [3, 4j]], dtype=np.complex64)),
        version=(2, 0), same=False)

    # Views of one base: a strided slice and reversed axes (C order, not contiguous: written
    # in C order) and the transpose (F-contiguous: fortran_order True).
    base = np.arange(24.0).reshape(4, 6)
    npy("view_sliced", base[::2, 1::2])
    npy("view_reversed", base[::-1, ::-1])
    npy("view_transposed", base.T)
    npy("view_column", base[:, 2])

    # Files einarray must refuse.
    np.save(OUT / "err_unicode.npy", np.array(["ab", "cde"], dtype="<U5"))
    np.save(OUT / "err_structured.npy", np.zeros(3, dtype=[("x", "<i4"), ("y", "<f8")]))
    np.save(OUT / "err_half.npy", np.zeros(2, dtype="<f2"))
    np.save(OUT / "err_truncated.npy", np.arange(6.0))
    data = (OUT / "err_truncated.npy").read_bytes()
    (OUT / "err_truncated.npy").write_bytes(data[:-8])

    # Text read by loadtxt: NumPy's own savetxt output, and hand-written files with comments,
    # blank lines, spaces around fields, CRLF line ends, nan and inf.
    def txt(name, text_or_array, delimiter, ndim, **savetxt_args):
        path = OUT / name
        if isinstance(text_or_array, str):
            path.write_bytes(text_or_array.encode())
        else:
            np.savetxt(path, text_or_array, delimiter=delimiter or " ", **savetxt_args)
        want = np.loadtxt(path, delimiter=delimiter, ndmin=ndim)
        assert want.ndim == ndim
        lines.append(f"txt {name} {delim_name(delimiter)} {ndim} {fmt_shape(want.shape)} "
                     f"{fmt_values(want)}")

    txt("savetxt_default.txt", np.array([[0.1, -2.5, 1e-300, 3.0], [np.pi, -0.0, 1e300, 7.0],
                                         [np.nan, np.inf, -np.inf, 1 / 3]]), None, 2)
    txt("savetxt_column.txt", np.array([0.5, -1.25, 2.0 ** 0.5]), None, 1)
    txt("savetxt_tabs.tsv", np.arange(6.0).reshape(2, 3) / 7, "\t", 2, fmt="%.17g")
    txt("comments.csv", "# x, y, z\n1.5, 2, 3\n\n# a comment line\n4,5e-3,-6  # trailing\r\n"
        "7 ,nan, inf\n", ",", 2)
    txt("row.txt", "1 2   3\t4\n", None, 1)
    txt("single_row.txt", "# one row\n1 2 3\n", None, 2)
    txt("column.csv", "1\n\n2\n3\n", ",", 1)
    (OUT / "ragged.csv").write_bytes(b"1,2,3\n4,5,6\n# comment\n7,8\n")
    (OUT / "not_a_number.txt").write_bytes(b"1 2\n3 x\n")

    # savetxt: integers in NumPy's '%d' format are what einarray's Display writes.
    def savetxt(name, a, delimiter):
        np.savetxt(OUT / name, a, fmt="%d", delimiter=delimiter)
        lines.append(f"savetxt {name} {delim_name(delimiter)} "
                     f"{fmt_shape(a.shape)} {fmt_values(a)}")

    savetxt("savetxt_i8.csv", np.array([[1, -2, 3], [-(2**63), 0, 2**63 - 1]], dtype=np.int64), ",")
    savetxt("savetxt_i8_1d.txt", np.array([5, -6, 7], dtype=np.int64), " ")
    savetxt("savetxt_i8_tab.tsv", np.arange(12, dtype=np.int64).reshape(3, 4), "\t")

    (OUT / "manifest.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 2} fixtures to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
