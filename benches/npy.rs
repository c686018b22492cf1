//! `.npy` I/O: loading and saving a 100 MB f64 array.
//!
//! `cargo bench --bench npy`; `bench/compare_npy.py` times `np.load`/`np.save` of the same files
//! and prints the ratios. The files are written once, before timing, to
//! `$TMPDIR/einarray-npy-bench/` (left there for the comparison script, which removes them):
//! `f64_100MB.npy` (little-endian, as `np.save` writes it) and `f64_100MB_big_endian.npy` (the
//! same values as `>f8`, converted on load). Both are in the page cache when timed, as they are
//! for NumPy: the cases measure the copy into a new array, not the disk. Saving writes to
//! `/dev/shm` (memory) where there is one: repeated 100 MB writes to a disk-backed directory
//! soon wait for the disk (dirty-page throttling), which would time the disk.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use einarray::npy;
use einarray::prelude::*;
use std::io::Read;
use std::path::PathBuf;

/// 100 MB of f64.
const N: usize = 12_500_000;

/// Where the save case writes (its file is removed at the end).
fn save_dir() -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        bench_dir()
    }
}

fn bench_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("einarray-npy-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `a` as a big-endian `.npy` file: einarray's bytes with the descr and every element swapped.
fn big_endian_bytes(a: &Array<f64, 1>) -> Vec<u8> {
    let mut bytes = Vec::new();
    npy::write_npy(&mut bytes, a).unwrap();
    let at = bytes.windows(5).position(|w| w == b"'<f8'").unwrap();
    bytes[at + 1] = b'>';
    let data = bytes.len() - N * 8;
    for chunk in bytes[data..].chunks_exact_mut(8) {
        chunk.reverse();
    }
    bytes
}

/// The benchmark's array: 100 MB of varied f64s.
fn data() -> Array<f64, 1> {
    Array::<f64, 1>::arange(N as f64).map(|x| x / 3.0)
}

/// Saving runs first, in a fresh process, as NumPy's does in `bench/compare_npy.py`: on this
/// machine repeated 100 MB writes slow down by ~15% after the process has churned through
/// large buffers (the loads below), whatever writes them.
fn save(c: &mut Criterion) {
    let a = data();
    let out = save_dir().join(format!("einarray-npy-bench-{}.npy", std::process::id()));
    let mut g = c.benchmark_group("npy_save_100MB_f64");
    g.throughput(Throughput::Bytes((N * 8) as u64));
    g.bench_function("einarray", |b| b.iter(|| npy::save(&out, &a).unwrap()));
    g.finish();
    std::fs::remove_file(&out).unwrap();
}

fn load(c: &mut Criterion) {
    let dir = bench_dir();
    let a = data();
    let path = dir.join("f64_100MB.npy");
    let big = dir.join("f64_100MB_big_endian.npy");
    npy::save(&path, &a).unwrap();
    std::fs::write(&big, big_endian_bytes(&a)).unwrap();
    assert_eq!(npy::load::<f64, 1>(&big).unwrap().to_vec(), a.to_vec());

    let mut g = c.benchmark_group("npy_load_100MB_f64");
    g.throughput(Throughput::Bytes((N * 8) as u64));
    g.bench_function("einarray", |b| {
        b.iter(|| black_box(npy::load::<f64, 1>(&path).unwrap()))
    });
    g.bench_function("read_into_reused_buffer_baseline", |b| {
        // The bound: the same read into a buffer whose pages are already mapped.
        let mut buf = vec![0u8; N * 8 + 128];
        b.iter(|| {
            let mut f = std::fs::File::open(&path).unwrap();
            f.read_exact(&mut buf).unwrap();
            black_box(&buf);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("npy_load_100MB_f64_big_endian");
    g.throughput(Throughput::Bytes((N * 8) as u64));
    g.bench_function("einarray", |b| {
        b.iter(|| black_box(npy::load::<f64, 1>(&big).unwrap()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = save, load
}
criterion_main!(benches);
