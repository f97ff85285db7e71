//! Helpers for the client's tests: an emulator, a client pointed at it, and
//! real image files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use venice_image::{Client, ClientBuilder, RetryEvent};
use venice_mock::{MockConfig, MockServer};

pub const KEY: &str = "test-key-0123456789";

pub async fn mock(config: MockConfig) -> MockServer {
    MockServer::start(config.key(KEY)).await.expect("the emulator starts")
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().without_env().api_key(KEY).base_url(server.base_url())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// A client that records its retry events.
pub fn recording_client(
    server: &MockServer,
    policy: venice_image::RetryPolicy,
) -> (Client, Arc<Mutex<Vec<RetryEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let client = builder(server)
        .retry_policy(policy)
        .on_retry(move |e| sink.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    (client, events)
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Requests to the image endpoints the emulator received (not the catalogue).
pub fn edits(server: &MockServer) -> Vec<venice_mock::RecordedRequest> {
    server.requests().into_iter().filter(|r| r.path.contains("/image/")).collect()
}

#[allow(unused_imports)]
pub use venice_mock::fixtures::png_claiming;

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
