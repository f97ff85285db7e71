//! What metadata handling costs on a 24 MP camera JPEG: the header scan of
//! a file, the lossless strip of an upload (no decoding, no encoding), and
//! reading the input's metadata and writing it into an answer, against a
//! plain memory copy and a full decode of the same bytes as yardsticks.

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use venice_image::metadata::{self, InputMetadata, MetadataOptions, Step};
use venice_image::strip::{file_has_metadata, strip};

/// A 6000x4000 camera JPEG with an ICC profile, EXIF (date, camera, GPS)
/// and XMP, made once.
fn photo() -> Bytes {
    Bytes::from(venice_mock::photo::photo(6000, 4000))
}

fn metadata_24mp(c: &mut Criterion) {
    let photo = photo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.jpg");
    std::fs::write(&path, &photo).unwrap();
    let clean_path = dir.path().join("clean.jpg");
    std::fs::write(&clean_path, strip(&photo).unwrap()).unwrap();
    eprintln!("24 MP JPEG: {} bytes", photo.len());

    let mut g = c.benchmark_group("metadata-24MP");
    g.throughput(Throughput::Bytes(photo.len() as u64));
    g.bench_function("memcpy (yardstick)", |b| b.iter(|| black_box(photo.to_vec())));
    g.bench_function("scan file headers (has metadata)", |b| {
        b.iter(|| file_has_metadata(black_box(&path)).unwrap())
    });
    g.bench_function("scan file headers (clean file)", |b| {
        b.iter(|| file_has_metadata(black_box(&clean_path)).unwrap())
    });
    g.bench_function("strip in memory", |b| b.iter(|| strip(black_box(&photo)).unwrap()));
    g.bench_function("read file + strip (the upload path)", |b| {
        b.iter(|| strip(&Bytes::from(std::fs::read(black_box(&path)).unwrap())).unwrap())
    });
    g.bench_function("read input metadata", |b| b.iter(|| InputMetadata::read(black_box(&photo))));
    let input = InputMetadata::read(&photo);
    let clean = strip(&photo).unwrap();
    g.bench_function("write metadata + provenance into a 24 MP JPEG answer", |b| {
        b.iter(|| {
            let step = Step { model: Some("firered-image-edit".into()), ..Step::new("edit") };
            metadata::finish(black_box(clean.clone()), &input, &MetadataOptions::default(), false, Some(step))
        })
    });
    g.sample_size(10);
    g.bench_function("decode (yardstick: what is not done)", |b| {
        b.iter(|| image::load_from_memory(black_box(&photo)).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = metadata_24mp
}
criterion_main!(benches);
