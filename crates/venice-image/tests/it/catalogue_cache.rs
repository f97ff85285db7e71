//! `ClientBuilder::catalogue_cache`: the catalogue kept between clients (and
//! runs) in a folder, counted in requests against the emulator.

use std::time::Duration;

use crate::common::*;
use venice_image::{CatalogueCache, EditRequest, ImageSource};
use venice_mock::{MockConfig, MockServer, fixtures};

fn fetches(server: &MockServer) -> Vec<venice_mock::RecordedRequest> {
    server.requests().into_iter().filter(|r| r.path.ends_with("/models")).collect()
}

#[tokio::test]
async fn without_a_cache_each_client_fetches_and_nothing_is_written() {
    let server = mock(MockConfig::default()).await;
    for _ in 0..2 {
        client(&server).models().await.unwrap();
    }
    assert_eq!(fetches(&server).len(), 2, "off by default");
}

#[tokio::test]
async fn a_second_client_uses_the_first_ones_entry_without_a_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let cached = || builder(&server).catalogue_cache(CatalogueCache::new(dir.path())).build().unwrap();
    let first = cached().models().await.unwrap();
    let second = cached().models().await.unwrap();
    assert_eq!(first, second);
    assert_eq!(fetches(&server).len(), 1);
    cached().upscaler().await.unwrap();
    cached().upscaler().await.unwrap();
    assert_eq!(fetches(&server).len(), 2, "the upscaler's prices are kept too");

    // Concurrent first uses of a client that must fetch share one request.
    let refreshing =
        builder(&server).catalogue_cache(CatalogueCache::new(dir.path()).refresh(true)).build().unwrap();
    let photo = fixtures::png(400, 300);
    let calls =
        (0..8).map(|_| refreshing.prepare_edit(EditRequest::new(ImageSource::bytes(photo.clone()), "x")));
    for call in futures_util::future::join_all(calls).await {
        call.unwrap();
    }
    assert_eq!(fetches(&server).len(), 3);
}

#[tokio::test]
async fn a_stale_entry_is_revalidated_with_its_etag() {
    let server = mock(MockConfig::default().catalogue_max_age(Some(Duration::ZERO))).await;
    let dir = tempfile::tempdir().unwrap();
    let cached = || builder(&server).catalogue_cache(CatalogueCache::new(dir.path())).build().unwrap();
    let first = cached().models().await.unwrap();
    let second = cached().models().await.unwrap();
    assert_eq!(first, second);
    let seen = fetches(&server);
    assert_eq!(seen.iter().map(|r| r.status).collect::<Vec<_>>(), [200, 304]);
    assert!(seen[1].headers.contains_key("if-none-match"));
}

#[tokio::test]
async fn a_stale_entry_is_used_when_the_service_cannot_be_reached() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let window = CatalogueCache::new(dir.path());
    let _ = builder(&server).catalogue_cache(window.clone()).build().unwrap().models().await.unwrap();
    let base = server.base_url();
    drop(server);
    // Made stale by hand: written long ago.
    for entry in std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok) {
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        v["fetched_at"] = 1_000.into();
        std::fs::write(entry.path(), serde_json::to_vec(&v).unwrap()).unwrap();
    }
    let offline = venice_image::Client::builder()
        .without_env()
        .base_url(base)
        .retry_policy(venice_image::RetryPolicy::never())
        .catalogue_cache(window)
        .build()
        .unwrap();
    let models = offline.models().await.expect("the stale entry");
    assert!(models.get("firered-image-edit").is_some());
}
