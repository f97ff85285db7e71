//! Benchmarks live in `benches/encoding.rs` (`cargo bench -p venice-benches`);
//! `compare.sh` measures the `venice` binary against curl and Python. The
//! figures are in `BENCHMARKS.md` at the workspace root.
