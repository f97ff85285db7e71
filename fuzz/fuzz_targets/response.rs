//! Response parsing on arbitrary input: error bodies through the generated
//! error type, and header values through the metadata and retry-wait
//! readers. Never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const NAMES: [&str; 12] = [
    "retry-after",
    "retry-after-ms",
    "x-should-retry",
    "x-venice-balance-usd",
    "x-ratelimit-remaining-requests",
    "x-venice-enhanced-prompt",
    "x-venice-is-content-violation",
    "x-venice-deprecated",
    "x-venice-model-deprecation-warning",
    "cf-ray",
    "x-balance-remaining",
    "content-type",
];

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<venice_raw::types::ApiError>(data);
    let mut headers = HeaderMap::new();
    for (i, part) in data.split(|b| *b == b'\n').enumerate() {
        if let Ok(value) = HeaderValue::from_bytes(part) {
            headers.append(HeaderName::from_static(NAMES[i % NAMES.len()]), value);
        }
    }
    let _ = venice_image::ResponseMeta::from_headers(&headers);
    let _ = venice_image::retry::server_wait(&headers, std::time::SystemTime::UNIX_EPOCH);
    let _ = venice_image::retry::should_retry_header(&headers);
});
