//! What a successful call gives back: the image and what the headers said.

use std::path::Path;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::Serialize;

use crate::error::Error;
use crate::picture::fit::FitReport;
use crate::picture::probe::ImageFormat;

/// Deprecation headers of an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeprecationNotice {
    /// `x-venice-model-deprecation-warning`.
    pub warning: Option<String>,
    /// `x-venice-model-deprecation-date`.
    pub date: Option<String>,
    /// `x-venice-deprecated: true`.
    pub deprecated: bool,
    /// `x-venice-deprecated-replacement`.
    pub replacement: Option<String>,
}

/// The rate-limit headers of an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// `x-ratelimit-limit-requests`.
    pub limit_requests: Option<u64>,
    /// `x-ratelimit-remaining-requests`.
    pub remaining_requests: Option<u64>,
    /// `x-ratelimit-reset-requests`, as sent.
    pub reset_requests: Option<String>,
    /// `x-ratelimit-limit-tokens`.
    pub limit_tokens: Option<u64>,
    /// `x-ratelimit-remaining-tokens`.
    pub remaining_tokens: Option<u64>,
    /// `x-ratelimit-reset-tokens`, as sent.
    pub reset_tokens: Option<String>,
}

/// What the response headers said.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// `x-venice-model-id`.
    pub model_id: Option<String>,
    /// `x-venice-model-name`.
    pub model_name: Option<String>,
    /// `x-venice-is-content-violation`: the result broke the content policy
    /// (safe mode may have blurred it).
    pub content_violation: bool,
    /// Deprecation headers, when any is present.
    pub deprecation: Option<DeprecationNotice>,
    /// Rate-limit headers.
    pub rate_limit: RateLimitInfo,
    /// `x-venice-balance-usd`.
    pub balance_usd: Option<f64>,
    /// `x-venice-balance-diem`.
    pub balance_diem: Option<f64>,
    /// `X-Balance-Remaining` (x402 wallets).
    pub x402_balance_remaining: Option<f64>,
    /// `CF-RAY`: quote it to support.
    pub request_id: Option<String>,
    /// `x-venice-version`.
    pub api_version: Option<String>,
    /// `x-venice-enhanced-prompt`, decoded, when prompt enhancement ran.
    pub enhanced_prompt: Option<String>,
    /// Attempts the call took.
    pub attempts: u32,
}

fn text(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(h: &HeaderMap, name: &str) -> Option<T> {
    text(h, name).and_then(|s| s.parse().ok())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let (h, l) = (bytes[i + 1], bytes[i + 2]);
            if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(h) << 4 | hex(l));
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl ResponseMeta {
    /// Reads the headers that matter.
    pub fn from_headers(h: &HeaderMap) -> Self {
        let deprecation = DeprecationNotice {
            warning: text(h, "x-venice-model-deprecation-warning"),
            date: text(h, "x-venice-model-deprecation-date"),
            deprecated: text(h, "x-venice-deprecated").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            replacement: text(h, "x-venice-deprecated-replacement"),
        };
        let any_deprecation = deprecation != DeprecationNotice::default();
        Self {
            model_id: text(h, "x-venice-model-id"),
            model_name: text(h, "x-venice-model-name"),
            content_violation: text(h, "x-venice-is-content-violation")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            deprecation: any_deprecation.then_some(deprecation),
            rate_limit: RateLimitInfo {
                limit_requests: number(h, "x-ratelimit-limit-requests"),
                remaining_requests: number(h, "x-ratelimit-remaining-requests"),
                reset_requests: text(h, "x-ratelimit-reset-requests"),
                limit_tokens: number(h, "x-ratelimit-limit-tokens"),
                remaining_tokens: number(h, "x-ratelimit-remaining-tokens"),
                reset_tokens: text(h, "x-ratelimit-reset-tokens"),
            },
            balance_usd: number(h, "x-venice-balance-usd"),
            balance_diem: number(h, "x-venice-balance-diem"),
            x402_balance_remaining: number(h, "x-balance-remaining"),
            request_id: crate::transport::request_id(h),
            api_version: text(h, "x-venice-version"),
            enhanced_prompt: text(h, "x-venice-enhanced-prompt").map(|p| percent_decode(&p)),
            attempts: 1,
        }
    }
}

/// An edited image, checked to be what its bytes say.
#[derive(Clone)]
pub struct EditedImage {
    bytes: Bytes,
    format: ImageFormat,
    meta: ResponseMeta,
    fitted: Vec<FitReport>,
    elapsed: std::time::Duration,
}

impl std::fmt::Debug for EditedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EditedImage")
            .field("bytes", &self.bytes.len())
            .field("format", &self.format)
            .field("meta", &self.meta)
            .field("fitted", &self.fitted)
            .field("elapsed", &self.elapsed)
            .finish()
    }
}

impl EditedImage {
    pub(crate) fn new(bytes: Bytes, format: ImageFormat, meta: ResponseMeta, fitted: Vec<FitReport>) -> Self {
        Self { bytes, format, meta, fitted, elapsed: std::time::Duration::ZERO }
    }

    /// Sets the time the call took (the client does, in `send`).
    pub(crate) fn with_elapsed(mut self, elapsed: std::time::Duration) -> Self {
        self.elapsed = elapsed;
        self
    }

    /// The time the call took, from the first byte sent to the answer read,
    /// retries and their waits included (the pacing wait before the first
    /// attempt too). Pages and reports show it beside the result.
    pub fn elapsed(&self) -> std::time::Duration {
        self.elapsed
    }

    /// The image bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The image bytes, owned.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The format, read from the bytes (not trusted from the header).
    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// The MIME type of [`EditedImage::format`].
    pub fn content_type(&self) -> &'static str {
        self.format.mime()
    }

    /// The file extension for the format (`png`, `jpg`, `webp`).
    pub fn extension(&self) -> &'static str {
        self.format.extension()
    }

    /// What the response headers said.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// Inputs that were fitted before sending.
    pub fn fitted(&self) -> &[FitReport] {
        &self.fitted
    }

    /// Writes the image to `path` atomically: a temporary file beside it,
    /// flushed, then renamed over it. A failure leaves no partial file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        crate::output::save::OutputSlot::reserve(path)?.commit(&self.bytes, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_metadata() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("x-venice-model-id", "firered-image-edit"),
            ("x-venice-is-content-violation", "true"),
            ("x-venice-deprecated", "true"),
            ("x-venice-deprecated-replacement", "qwen-image-3-edit"),
            ("x-ratelimit-remaining-requests", "19"),
            ("x-venice-balance-usd", "4.2300"),
            ("cf-ray", "8f00-AMS"),
            ("x-venice-enhanced-prompt", "a%20warm%20sunrise%2C%20golden"),
        ] {
            h.insert(k, v.parse().unwrap());
        }
        let m = ResponseMeta::from_headers(&h);
        assert_eq!(m.model_id.as_deref(), Some("firered-image-edit"));
        assert!(m.content_violation);
        assert_eq!(m.deprecation.as_ref().unwrap().replacement.as_deref(), Some("qwen-image-3-edit"));
        assert_eq!(m.rate_limit.remaining_requests, Some(19));
        assert_eq!(m.balance_usd, Some(4.23));
        assert_eq!(m.request_id.as_deref(), Some("8f00-AMS"));
        assert_eq!(m.enhanced_prompt.as_deref(), Some("a warm sunrise, golden"));
        assert!(ResponseMeta::from_headers(&HeaderMap::new()).deprecation.is_none());
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
    }
}
