//! The catalogue kept on disk between runs ([`CatalogueCache`]): one file
//! per base URL and listing (`<host>-<hash>.inpaint.json`,
//! `...upscale.json`), how long an entry stays fresh (the service's
//! `Cache-Control` when it sends one, else the window), and the checks an
//! entry must pass before it is used. A cache file is local input: it is
//! read under a size cap, must name this format, this base URL and this
//! listing, must not come from the future, and its answer is read with the
//! same generated types as an answer from the service. One that fails is
//! ignored (and replaced by the next fetch), never trusted. Writes go to a
//! temporary file in the same folder, renamed over the old one.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{AGE, CACHE_CONTROL, ETAG, HeaderMap};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use venice_raw::types;

/// What a cache file says it is; any other value is another program's file.
const FORMAT: &str = "venice-image catalogue cache 1";
/// A cache file larger than this is not read (the catalogue is a few dozen kB).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// The longest freshness a service's `max-age` may give an entry.
const MAX_SERVICE_AGE: Duration = Duration::from_secs(7 * 24 * 3600);
/// How far in the future an entry's time may be (clocks differ a little).
const CLOCK_SLACK: Duration = Duration::from_secs(300);

/// Where a client keeps the model catalogue (and the upscaler's prices)
/// between runs, and for how long an entry is used without asking the
/// service. Off unless given to
/// [`ClientBuilder::catalogue_cache`](crate::ClientBuilder::catalogue_cache).
///
/// An entry is fresh for the service's `Cache-Control: max-age` when the
/// answer carried one (at most 7 days; `no-cache` means revalidate every
/// time, `no-store` means never written), else for
/// [`CatalogueCache::DEFAULT_MAX_AGE`] (one hour) or the window given to
/// [`CatalogueCache::max_age`]. A fresh entry is used without a request; a
/// stale one is revalidated (`If-None-Match` with the entry's `ETag`, when
/// it has one) or fetched again. A model the cached catalogue does not
/// list, or a 400 naming one of the model's rules, refreshes it once.
///
/// ```
/// use std::time::Duration;
/// use venice_image::{CatalogueCache, Client};
///
/// let dir = tempfile::tempdir().unwrap();
/// let client = Client::builder()
///     .catalogue_cache(CatalogueCache::new(dir.path()).max_age(Duration::from_secs(600)))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueCache {
    dir: PathBuf,
    max_age: Duration,
    refresh: bool,
}

impl CatalogueCache {
    /// The freshness window when the service does not give one: one hour.
    pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(3600);

    /// A cache in `dir` (created when first written), with the default window.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), max_age: Self::DEFAULT_MAX_AGE, refresh: false }
    }

    /// How long an entry is fresh when the service does not say.
    #[must_use]
    pub fn max_age(mut self, window: Duration) -> Self {
        self.max_age = window;
        self
    }

    /// Ask the service on first use even when the entry is fresh (then
    /// write what it says): `venice --refresh-models`.
    #[must_use]
    pub fn refresh(mut self, refresh: bool) -> Self {
        self.refresh = refresh;
        self
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a fresh entry is asked about again on first use.
    pub fn refreshes(&self) -> bool {
        self.refresh
    }

    /// The file of `listing` for `base_url`.
    pub(crate) fn path(&self, base_url: &str, listing: Listing) -> PathBuf {
        self.dir.join(format!("{}.{}.json", file_stem(base_url), listing.name()))
    }

    /// The entry for `listing`, when there is a usable one; a file that
    /// cannot be used is logged and left to be replaced.
    pub(crate) fn load(&self, base_url: &str, listing: Listing) -> Option<Entry> {
        let path = self.path(base_url, listing);
        match read_entry(&path, base_url, listing) {
            Ok(entry) => Some(entry),
            Err(Unusable::Absent) => None,
            Err(why) => {
                tracing::info!(path = %path.display(), reason = %why, "ignoring the cached catalogue; it will be fetched again");
                None
            }
        }
    }

    /// Writes `body` (an answer just read and checked) as the entry for
    /// `listing`, atomically; a failure is logged, never an error of the
    /// call. Nothing is written when the service said `no-store`.
    pub(crate) fn store(&self, base_url: &str, listing: Listing, body: &[u8], headers: &HeaderMap) {
        let Some(max_age) = freshness(headers, self.max_age) else { return };
        let Ok(body) = std::str::from_utf8(body).map(str::to_owned) else { return };
        let Ok(body) = RawValue::from_string(body) else { return };
        let file = File {
            format: FORMAT.to_owned(),
            base_url: base_url.to_owned(),
            listing: listing.name().to_owned(),
            fetched_at: unix_now(),
            max_age: max_age.as_secs(),
            etag: etag(headers),
            body,
        };
        let path = self.path(base_url, listing);
        let written = serde_json::to_vec(&file)
            .map_err(std::io::Error::other)
            .and_then(|bytes| replace_atomically(&self.dir, &path, &bytes));
        if let Err(e) = written {
            tracing::info!(path = %path.display(), error = %e, "the catalogue cache cannot be written");
        }
    }

    /// Marks the entry of `listing` fresh again after a `304 Not Modified`,
    /// with the freshness the new answer gives.
    pub(crate) fn renew(&self, base_url: &str, listing: Listing, entry: &Entry, headers: &HeaderMap) {
        let mut merged = headers.clone();
        if let (None, Some(tag)) = (merged.get(ETAG), entry.etag.as_deref())
            && let Ok(v) = tag.parse()
        {
            merged.insert(ETAG, v);
        }
        self.store(base_url, listing, entry.body.get().as_bytes(), &merged);
    }
}

/// Which `GET /models` listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    /// `?type=inpaint`: the edit models.
    Inpaint,
    /// `?type=upscale`: the upscaler.
    Upscale,
    /// `?type=image`: the image models (the generation models and the
    /// background remover).
    Image,
}

impl Listing {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Inpaint => "inpaint",
            Self::Upscale => "upscale",
            Self::Image => "image",
        }
    }

    pub(crate) fn path(self) -> &'static str {
        match self {
            Self::Inpaint => "/models?type=inpaint",
            Self::Upscale => "/models?type=upscale",
            Self::Image => "/models?type=image",
        }
    }
}

/// A usable cache entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The answer, read with the generated types.
    pub list: types::ModelList,
    body: Box<RawValue>,
    /// To revalidate with `If-None-Match`.
    pub etag: Option<String>,
    /// Whether it may be used without asking the service.
    pub fresh: bool,
}

/// The file as written.
#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    base_url: String,
    listing: String,
    /// Unix seconds.
    fetched_at: u64,
    /// Seconds it stays fresh.
    max_age: u64,
    #[serde(default)]
    etag: Option<String>,
    /// The service's answer, as it came.
    body: Box<RawValue>,
}

/// Why a cache file is not used.
#[derive(Debug, thiserror::Error)]
enum Unusable {
    #[error("there is none")]
    Absent,
    #[error("it cannot be read: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error("it is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    #[error("it is not a catalogue cache file: {0}")]
    NotCache(serde_json::Error),
    #[error("it is in another format ({0:?})")]
    OtherFormat(String),
    #[error("it belongs to another base URL or listing ({0}, {1})")]
    Foreign(String, String),
    #[error("its time is in the future")]
    FromTheFuture,
    #[error("its model list cannot be read: {0}")]
    BadList(serde_json::Error),
}

fn read_entry(path: &Path, base_url: &str, listing: Listing) -> Result<Entry, Unusable> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Absent),
        Err(e) => return Err(e.into()),
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unusable::TooLarge);
    }
    let file: File = serde_json::from_slice(&bytes).map_err(Unusable::NotCache)?;
    if file.format != FORMAT {
        return Err(Unusable::OtherFormat(file.format));
    }
    if file.base_url != base_url || file.listing != listing.name() {
        return Err(Unusable::Foreign(file.base_url, file.listing));
    }
    let now = unix_now();
    if file.fetched_at > now.saturating_add(CLOCK_SLACK.as_secs()) {
        return Err(Unusable::FromTheFuture);
    }
    let list: types::ModelList = serde_json::from_str(file.body.get()).map_err(Unusable::BadList)?;
    let age = now.saturating_sub(file.fetched_at);
    let etag = file.etag.filter(|t| is_header_text(t));
    Ok(Entry { list, body: file.body, etag, fresh: age < file.max_age })
}

/// How long an answer with these headers stays fresh; `None` for `no-store`.
pub(crate) fn freshness(headers: &HeaderMap, window: Duration) -> Option<Duration> {
    let mut fresh = window;
    for value in headers.get_all(CACHE_CONTROL) {
        let Ok(text) = value.to_str() else { continue };
        for directive in text.split(',').map(|d| d.trim().to_ascii_lowercase()) {
            if directive == "no-store" {
                return None;
            }
            if directive == "no-cache" {
                fresh = Duration::ZERO;
            } else if let Some(secs) = directive.strip_prefix("max-age=").and_then(|s| s.parse().ok()) {
                fresh = Duration::from_secs(secs).min(MAX_SERVICE_AGE);
            }
        }
    }
    // An answer that already waited in a shared cache is that much older.
    let age = headers.get(AGE).and_then(|v| v.to_str().ok()).and_then(|s| s.trim().parse().ok());
    Some(fresh.saturating_sub(Duration::from_secs(age.unwrap_or(0))))
}

/// The answer's `ETag`, when it is one a request header can carry back.
fn etag(headers: &HeaderMap) -> Option<String> {
    headers.get(ETAG).and_then(|v| v.to_str().ok()).filter(|t| is_header_text(t)).map(str::to_owned)
}

fn is_header_text(text: &str) -> bool {
    !text.is_empty() && text.len() <= 256 && text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `<host>-<16 hex digits of a hash of the whole URL>`: readable, and one
/// file per base URL (the file also names its URL, which is checked).
fn file_stem(base_url: &str) -> String {
    let host = reqwest::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_owned));
    let host: String = host
        .unwrap_or_default()
        .chars()
        .take(64)
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    // FNV-1a: stable across versions and platforms, unlike std's hasher.
    let hash = base_url
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("{host}-{hash:016x}")
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a reader sees the old file or the new one, never a part.
fn replace_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const URL: &str = "http://127.0.0.1:9/api/v1";
    const LIST: &[u8] = br#"{"object":"list","type":"inpaint","data":[]}"#;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn freshness_follows_cache_control_else_the_window() {
        let hour = Duration::from_secs(3600);
        assert_eq!(freshness(&HeaderMap::new(), hour), Some(hour));
        assert_eq!(
            freshness(&headers(&[("cache-control", "public, max-age=60")]), hour),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            freshness(&headers(&[("cache-control", "max-age=60"), ("age", "50")]), hour),
            Some(Duration::from_secs(10))
        );
        assert_eq!(freshness(&headers(&[("cache-control", "no-cache")]), hour), Some(Duration::ZERO));
        assert_eq!(freshness(&headers(&[("cache-control", "private, no-store")]), hour), None);
        assert_eq!(
            freshness(&headers(&[("cache-control", "max-age=99999999")]), hour),
            Some(MAX_SERVICE_AGE)
        );
    }

    #[test]
    fn an_entry_is_written_read_back_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogueCache::new(dir.path().join("venice"));
        cache.store(URL, Listing::Inpaint, LIST, &headers(&[("etag", "\"v1\"")]));
        let entry = cache.load(URL, Listing::Inpaint).expect("written");
        assert!(entry.fresh);
        assert_eq!(entry.etag.as_deref(), Some("\"v1\""));
        assert!(cache.load(URL, Listing::Upscale).is_none(), "another listing");
        assert!(cache.load("http://127.0.0.1:10/api/v1", Listing::Inpaint).is_none(), "another URL");
        // Another URL's file copied over this one's is foreign.
        let other = cache.path("http://127.0.0.1:10/api/v1", Listing::Inpaint);
        std::fs::copy(cache.path(URL, Listing::Inpaint), &other).unwrap();
        assert!(matches!(
            read_entry(&other, "http://127.0.0.1:10/api/v1", Listing::Inpaint),
            Err(Unusable::Foreign(..))
        ));
        let leftovers = std::fs::read_dir(cache.dir()).unwrap().filter_map(Result::ok);
        assert!(leftovers.filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).count() == 0);
    }

    #[test]
    fn stale_corrupt_and_no_store_entries_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogueCache::new(dir.path());
        cache.store(URL, Listing::Inpaint, LIST, &headers(&[("cache-control", "max-age=0")]));
        assert!(!cache.load(URL, Listing::Inpaint).expect("kept for revalidation").fresh);
        let path = cache.path(URL, Listing::Inpaint);
        for junk in [&b"{not json"[..], b"{}", br#"{"format":"something else"}"#, b"\xff\xfe"] {
            std::fs::write(&path, junk).unwrap();
            assert!(cache.load(URL, Listing::Inpaint).is_none());
        }
        let wrong_list = format!(
            r#"{{"format":"{FORMAT}","base_url":"{URL}","listing":"inpaint","fetched_at":{},"max_age":60,"body":{{"data":7}}}}"#,
            unix_now()
        );
        std::fs::write(&path, wrong_list).unwrap();
        assert!(matches!(read_entry(&path, URL, Listing::Inpaint), Err(Unusable::BadList(_))));
        std::fs::remove_file(&path).unwrap();
        cache.store(URL, Listing::Inpaint, LIST, &headers(&[("cache-control", "no-store")]));
        assert!(!path.exists(), "no-store is never written");
    }

    #[test]
    fn file_names_are_readable_and_differ_per_url() {
        let a = file_stem("https://api.venice.ai/api/v1");
        assert!(a.starts_with("api.venice.ai-") && a.len() == "api.venice.ai-".len() + 16, "{a}");
        assert_ne!(a, file_stem("https://api.venice.ai/api/v2"));
    }
}
