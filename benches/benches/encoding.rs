//! The encoding paths of venice-image: base64, streamed multipart and JSON
//! bodies, and header reading, each against a plain memory copy of the same
//! bytes as the yardstick.

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt;
use venice_image::encode::{JsonBody, LocalData, MultipartBody, base64_encode};
use venice_image::probe::{probe, probe_bytes};

const MB: usize = 1024 * 1024;

fn data(len: usize) -> Vec<u8> {
    // Incompressible-looking bytes; the content does not matter to the encoders.
    (0..len).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Drains a body stream as a socket writer would, touching every chunk.
async fn drain(mut stream: venice_image::encode::BodyStream) -> usize {
    let mut total = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        total += black_box(chunk.as_ref()).len();
    }
    total
}

fn memcpy(c: &mut Criterion) {
    let mut g = c.benchmark_group("memcpy");
    for mb in [1, 5, 25] {
        let src = data(mb * MB);
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{mb}MB")), &src, |b, src| {
            b.iter(|| black_box(src.to_vec()));
        });
    }
    g.finish();
}

fn base64(c: &mut Criterion) {
    let mut g = c.benchmark_group("base64");
    for mb in [1, 5, 25] {
        let src = data(mb * MB);
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_with_input(BenchmarkId::new("fresh_buffer", format!("{mb}MB")), &src, |b, src| {
            b.iter(|| black_box(base64_encode(src)));
        });
        // The same encoder into a buffer whose pages are already mapped:
        // separates the encoder's speed from the cost of faulting in a
        // fresh 33 MB allocation.
        let mut out = Vec::with_capacity(src.len() / 3 * 4 + 4);
        g.bench_with_input(BenchmarkId::new("reused_buffer", format!("{mb}MB")), &src, |b, src| {
            b.iter(|| {
                out.clear();
                base64_simd::STANDARD.encode_append(src, &mut out);
                black_box(out.len())
            });
        });
    }
    g.finish();
}

fn bodies(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("25mb.jpg");
    let bytes = data(25 * MB - 1);
    std::fs::write(&file, &bytes).unwrap();
    let len = bytes.len() as u64;
    let memory = Bytes::from(bytes);

    let mut g = c.benchmark_group("body_25MB");
    g.throughput(Throughput::Bytes(len));
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("multipart_from_memory", |b| {
        let mut form = MultipartBody::new();
        form.text("prompt", "make the sky a sunrise");
        form.file("image", "25mb.jpg", "image/jpeg", LocalData::Memory(memory.clone()));
        b.iter(|| rt.block_on(drain(form.stream())));
    });
    g.bench_function("multipart_from_disk", |b| {
        let mut form = MultipartBody::new();
        form.text("prompt", "make the sky a sunrise");
        form.file("image", "25mb.jpg", "image/jpeg", LocalData::File { path: file.clone(), len });
        b.iter(|| rt.block_on(drain(form.stream())));
    });
    g.bench_function("json_from_memory", |b| {
        let mut json = JsonBody::new();
        json.text("prompt", "make the sky a sunrise");
        json.base64("image", LocalData::Memory(memory.clone()));
        b.iter(|| rt.block_on(drain(json.stream())));
    });
    g.bench_function("json_from_disk", |b| {
        let mut json = JsonBody::new();
        json.text("prompt", "make the sky a sunrise");
        json.base64("image", LocalData::File { path: file.clone(), len });
        b.iter(|| rt.block_on(drain(json.stream())));
    });
    g.finish();
}

fn headers(c: &mut Criterion) {
    let mut g = c.benchmark_group("probe");
    let samples = [
        ("png", venice_mock::fixtures::png(1024, 768)),
        ("jpeg", venice_mock::fixtures::jpeg(1024, 768)),
        ("webp", venice_mock::fixtures::webp(1024, 768)),
        ("gif", venice_mock::fixtures::gif(512, 384)),
    ];
    for (name, bytes) in &samples {
        g.bench_with_input(BenchmarkId::new("memory", name), bytes, |b, bytes| {
            b.iter(|| black_box(probe_bytes(bytes).unwrap()));
        });
    }
    // A large file on disk: only the header is read, whatever the size.
    let dir = tempfile::tempdir().unwrap();
    let mut big = venice_mock::fixtures::jpeg(1024, 768);
    big.resize(24 * MB, 0);
    let path = dir.path().join("big.jpg");
    std::fs::write(&path, &big).unwrap();
    g.bench_function("file_24MB_jpeg", |b| {
        b.iter(|| black_box(probe(std::fs::File::open(&path).unwrap()).unwrap()));
    });
    g.finish();
}

criterion_group!(benches, memcpy, base64, bodies, headers);
criterion_main!(benches);
