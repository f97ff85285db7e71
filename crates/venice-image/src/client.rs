//! The client: configuration, preparing calls, sending them with retries.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use serde_json::{Map, Value};
use venice_raw::types;

use crate::catalogue::{Catalogue, Cost, DEFAULT_MODEL, InpaintModel};
use crate::encode::{ArrayItem, JsonBody, MultipartBody};
use crate::error::{ApiFailure, Error, InvalidInput, Rule, human};
use crate::fit::FitReport;
use crate::probe::{self, ImageFormat};
use crate::request::{BackgroundRemoveRequest, EditOptions, EditRequest, Encoding, MultiEditRequest};
use crate::response::{EditedImage, ResponseMeta};
use crate::retry::{
    RetryEvent, RetryPolicy, random_unit, retryable_status, server_wait, should_retry_header,
};
use crate::source::{self, Checked, CheckedImage, ImageSource};

/// Venice's API.
pub const DEFAULT_BASE_URL: &str = "https://api.venice.ai/api/v1";
/// JSON bodies over this are refused by the service (35 MB).
pub const MAX_JSON_BYTES: u64 = 35 * 1024 * 1024;
/// Longest prompt any model takes, in UTF-16 code units.
pub const MAX_PROMPT: usize = 32768;
/// Answers larger than this are cut off (a 4K PNG is well under).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 128 * 1024 * 1024;

/// A credential that never shows itself in `Debug` output, logs or errors.
#[derive(Clone)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value (surrounding white space is dropped).
    pub fn new(value: impl AsRef<str>) -> Self {
        Self(Arc::from(value.as_ref().trim()))
    }

    fn header(&self, prefix: &str) -> Result<HeaderValue, Error> {
        let mut v = HeaderValue::from_str(&format!("{prefix}{}", self.0))
            .map_err(|_| Error::Config("the credential contains characters a header cannot carry".into()))?;
        v.set_sensitive(true);
        Ok(v)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// How the client proves who it is.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// `Authorization: Bearer <key>`.
    ApiKey(Secret),
    /// `SIGN-IN-WITH-X: <token>` for x402 wallets.
    SignInWithX(Secret),
}

impl Credentials {
    fn header(&self) -> Result<(&'static str, HeaderValue), Error> {
        match self {
            Self::ApiKey(k) => Ok(("authorization", k.header("Bearer ")?)),
            Self::SignInWithX(t) => Ok(("sign-in-with-x", t.header("")?)),
        }
    }

    fn redacted(&self) -> (String, String) {
        match self {
            Self::ApiKey(_) => ("Authorization".into(), "Bearer [redacted]".into()),
            Self::SignInWithX(_) => ("SIGN-IN-WITH-X".into(), "[redacted]".into()),
        }
    }
}

type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use venice_image::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .api_key("sk-example")
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .timeout(Duration::from_secs(120))
///     .retry_policy(RetryPolicy::attempts(5))
///     .build()
///     .unwrap();
/// assert!(!format!("{client:?}").contains("sk-example"));
/// ```
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    catalogue: Option<Catalogue>,
    fetch_catalogue: bool,
    on_retry: Option<RetryHook>,
    max_response_bytes: u64,
    use_env: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            base_url: None,
            connect_timeout: Duration::from_secs(30),
            timeout: Duration::from_secs(300),
            user_agent: concat!("venice-image/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            catalogue: None,
            fetch_catalogue: true,
            on_retry: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            use_env: true,
        }
    }
}

impl ClientBuilder {
    /// The API key (otherwise `VENICE_API_KEY`).
    pub fn api_key(mut self, key: impl AsRef<str>) -> Self {
        self.credentials = Some(Credentials::ApiKey(Secret::new(key)));
        self
    }
    /// x402 wallet sign-in instead of an API key.
    pub fn sign_in_with_x(mut self, token: impl AsRef<str>) -> Self {
        self.credentials = Some(Credentials::SignInWithX(Secret::new(token)));
        self
    }
    /// The API's base URL, ending in `/api/v1` (otherwise `VENICE_BASE_URL`,
    /// else [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// Ignore `VENICE_API_KEY` and `VENICE_BASE_URL`.
    pub fn without_env(mut self) -> Self {
        self.use_env = false;
        self
    }
    /// Time to connect (default 30 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// Time for one attempt, upload and answer included (default 300 s:
    /// edits can take minutes).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    /// The `User-Agent` (default `venice-image/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }
    /// How to retry (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// Use this `reqwest::Client` (proxies, custom roots). Its own timeouts
    /// and user agent then apply; the per-attempt timeout is still set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
    /// Validate against this catalogue instead of fetching one.
    pub fn catalogue(mut self, catalogue: Catalogue) -> Self {
        self.catalogue = Some(catalogue);
        self
    }
    /// Whether to fetch the catalogue (once, cached) to validate requests
    /// against the model's rules (default true). Without one, only the API's
    /// general bounds are checked.
    pub fn fetch_catalogue(mut self, fetch: bool) -> Self {
        self.fetch_catalogue = fetch;
        self
    }
    /// Called before each retry with what failed and how long the client waits.
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }
    /// Largest answer accepted (default 128 MB).
    pub fn max_response_bytes(mut self, n: u64) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Builds the client. No key is needed to build one: listing models and
    /// dry runs work without, and a call that needs one says so.
    pub fn build(self) -> Result<Client, Error> {
        let env = |name: &str| {
            if self.use_env { std::env::var(name).ok().filter(|v| !v.trim().is_empty()) } else { None }
        };
        let credentials =
            self.credentials.or_else(|| env("VENICE_API_KEY").map(|k| Credentials::ApiKey(Secret::new(k))));
        let raw_url =
            self.base_url.or_else(|| env("VENICE_BASE_URL")).unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(raw_url.trim())
            .map_err(|e| Error::Config(format!("the base URL {raw_url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::Config(format!("the base URL {raw_url:?} must be http(s)://host/...")));
        }
        let base_url = parsed.as_str().trim_end_matches('/').to_owned();
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .pool_idle_timeout(Duration::from_secs(60))
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let raw = venice_raw::Client::new_with_client(&base_url, http.clone());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                raw,
                base_url,
                credentials,
                timeout: self.timeout,
                retry: self.retry,
                supplied: self.catalogue.map(Arc::new),
                fetched: tokio::sync::OnceCell::new(),
                fetch_catalogue: self.fetch_catalogue,
                on_retry: self.on_retry,
                pause_until: Mutex::new(None),
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// A client for Venice's image-editing API. Cheap to clone; clones share
/// connections, the cached catalogue and the rate-limit pause.
///
/// ```no_run
/// # async fn run() -> Result<(), venice_image::Error> {
/// use venice_image::{Client, EditRequest, ImageSource};
///
/// let client = Client::builder().build()?; // VENICE_API_KEY from the environment
/// let edited = client
///     .edit(EditRequest::new(ImageSource::path("canal.jpg"), "make the sky a sunrise"))
///     .await?;
/// edited.save(format!("canal.edited.{}", edited.extension()))?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    raw: venice_raw::Client,
    base_url: String,
    credentials: Option<Credentials>,
    timeout: Duration,
    retry: RetryPolicy,
    supplied: Option<Arc<Catalogue>>,
    fetched: tokio::sync::OnceCell<Arc<Catalogue>>,
    fetch_catalogue: bool,
    on_retry: Option<RetryHook>,
    pause_until: Mutex<Option<Instant>>,
    max_response_bytes: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Which operation a prepared call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// `POST /image/edit`.
    Edit,
    /// `POST /image/multi-edit`.
    MultiEdit,
    /// `POST /image/background-remove`.
    BackgroundRemove,
}

impl Operation {
    fn path(self) -> &'static str {
        match self {
            Self::Edit => "/image/edit",
            Self::MultiEdit => "/image/multi-edit",
            Self::BackgroundRemove => "/image/background-remove",
        }
    }
}

#[derive(Debug, Clone)]
enum Body {
    Multipart(MultipartBody),
    Json(JsonBody),
    /// A generated request type, serialized (URL inputs: nothing to stream).
    Generated(Bytes),
}

/// A validated call, ready to send (and to send again: each send streams a
/// fresh body and each success is charged).
#[derive(Debug, Clone)]
pub struct PreparedCall {
    operation: Operation,
    body: Body,
    images: Vec<CheckedImage>,
    fields: Map<String, Value>,
    model: Option<String>,
    cost: Option<Cost>,
    fitted: Vec<FitReport>,
}

/// One image of a [`Plan`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImagePlan {
    /// The field it goes in.
    pub field: String,
    /// Where it comes from.
    pub origin: String,
    /// Its format (none for a URL).
    pub format: Option<String>,
    /// Width and height (none for a URL).
    pub dimensions: Option<(u32, u32)>,
    /// Its bytes (none for a URL).
    pub bytes: Option<u64>,
}

/// What a call would send, for dry runs. Credentials are redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The operation.
    pub operation: Operation,
    /// `POST`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Headers, credentials redacted.
    pub headers: Vec<(String, String)>,
    /// `multipart` or `json`.
    pub encoding: &'static str,
    /// Exact body length.
    pub content_length: u64,
    /// The non-image fields as they would be sent.
    pub fields: Map<String, Value>,
    /// The images.
    pub images: Vec<ImagePlan>,
    /// The model the price is for.
    pub model: Option<String>,
    /// Estimated price, when the catalogue knows it.
    pub estimated_cost: Option<Cost>,
    /// Images that were fitted.
    pub fitted: Vec<FitReport>,
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (k, v) in &self.headers {
            writeln!(f, "  {k}: {v}")?;
        }
        writeln!(f, "  encoding: {} ({} bytes)", self.encoding, self.content_length)?;
        for (k, v) in &self.fields {
            match v {
                Value::String(s) => writeln!(f, "  {k} = {s:?}")?,
                other => writeln!(f, "  {k} = {other}")?,
            }
        }
        for i in &self.images {
            match (&i.format, i.dimensions, i.bytes) {
                (Some(fmt_), Some((w, h)), Some(b)) => writeln!(
                    f,
                    "  {} = {} ({fmt_}, {w}x{h}, {:.2} MP, {})",
                    i.field,
                    i.origin,
                    f64::from(w) * f64::from(h) / 1e6,
                    source::megabytes(b)
                )?,
                _ => writeln!(f, "  {} = {} (URL, fetched by the service)", i.field, i.origin)?,
            }
        }
        for r in &self.fitted {
            writeln!(f, "  {r}")?;
        }
        match &self.estimated_cost {
            Some(c) => write!(f, "  estimated cost: {c}"),
            None => write!(f, "  estimated cost: unknown"),
        }
    }
}

impl PreparedCall {
    /// The operation.
    pub fn operation(&self) -> Operation {
        self.operation
    }
    /// The checked images.
    pub fn images(&self) -> &[CheckedImage] {
        &self.images
    }
    /// The estimated price, when the catalogue knows it.
    pub fn estimated_cost(&self) -> Option<&Cost> {
        self.cost.as_ref()
    }
    /// The model the call is for.
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }
    /// Images fitted while preparing.
    pub fn fitted(&self) -> &[FitReport] {
        &self.fitted
    }
    /// The chosen encoding.
    pub fn encoding(&self) -> Encoding {
        match self.body {
            Body::Multipart(_) => Encoding::Multipart,
            Body::Json(_) | Body::Generated(_) => Encoding::Json,
        }
    }
    /// Exact body length.
    pub fn content_length(&self) -> u64 {
        match &self.body {
            Body::Multipart(m) => m.len(),
            Body::Json(j) => j.len(),
            Body::Generated(b) => b.len() as u64,
        }
    }
    fn content_type(&self) -> String {
        match &self.body {
            Body::Multipart(m) => m.content_type(),
            Body::Json(_) | Body::Generated(_) => "application/json".into(),
        }
    }
    fn reqwest_body(&self) -> reqwest::Body {
        match &self.body {
            Body::Multipart(m) => reqwest::Body::wrap_stream(m.stream()),
            Body::Json(j) => reqwest::Body::wrap_stream(j.stream()),
            Body::Generated(b) => reqwest::Body::from(b.clone()),
        }
    }
    /// The whole body in memory (tests, small calls).
    pub async fn body_bytes(&self) -> Result<Vec<u8>, Error> {
        let read = match &self.body {
            Body::Multipart(m) => m.to_vec().await,
            Body::Json(j) => j.to_vec().await,
            Body::Generated(b) => Ok(b.to_vec()),
        };
        read.map_err(|e| Error::io("cannot read an input while building the body", e))
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn check_prompt(prompt: &str, model: Option<&InpaintModel>) -> Result<(), InvalidInput> {
    let n = utf16_len(prompt);
    if prompt.trim().is_empty() {
        return Err(InvalidInput::new("prompt", Rule::Empty, "the prompt is empty; say what to change"));
    }
    let (limit, whose) = match model {
        Some(m) => (m.constraints.prompt_character_limit as usize, format!("{} takes", m.id)),
        None => (MAX_PROMPT, "the API takes".to_owned()),
    };
    if n > limit.min(MAX_PROMPT) {
        return Err(InvalidInput::new(
            "prompt",
            Rule::TooLong,
            format!("the prompt is {n} characters (UTF-16); {whose} at most {limit}: shorten it"),
        ));
    }
    Ok(())
}

fn not_supported(
    field: &str,
    model: &InpaintModel,
    what: &str,
    value: &str,
    supported: &[String],
) -> InvalidInput {
    let list = if supported.is_empty() { "none".to_owned() } else { supported.join(", ") };
    InvalidInput::new(
        field,
        Rule::NotSupportedByModel,
        format!("{} does not take {what} {value}; it takes: {list}", model.id),
    )
}

fn ratio_text(r: types::AspectRatio) -> String {
    r.to_string()
}

/// The model rules shared by edit and multi-edit.
fn check_options(
    model: &InpaintModel,
    options: &EditOptions,
    quality: Option<types::Quality>,
    images: usize,
) -> Result<(), InvalidInput> {
    let c = &model.constraints;
    if let Some(r) = options.aspect_ratio {
        let r = ratio_text(r);
        if !c.aspect_ratios.contains(&r) {
            return Err(not_supported("aspect_ratio", model, "aspect ratio", &r, &c.aspect_ratios));
        }
    }
    if let Some(res) = &options.resolution {
        let tiers = c.resolutions();
        if !tiers.contains(res) {
            return Err(not_supported("resolution", model, "resolution", res, &tiers));
        }
    }
    if let Some(q) = quality {
        let q = q.to_string();
        let qualities = c.qualities.clone().unwrap_or_default();
        if !qualities.contains(&q) {
            return Err(not_supported("quality", model, "quality", &q, &qualities));
        }
    }
    let max = c.max_images() as usize;
    if images > max {
        return Err(InvalidInput::new(
            "images",
            Rule::TooManyImages,
            format!(
                "{images} images given; {} takes at most {max} (the base and {} layer(s))",
                model.id,
                max - 1
            ),
        ));
    }
    Ok(())
}

fn check_resolution_text(options: &EditOptions) -> Result<(), InvalidInput> {
    if let Some(r) = &options.resolution
        && !(1..=10).contains(&r.chars().count())
    {
        return Err(InvalidInput::new(
            "resolution",
            Rule::TooLong,
            "a resolution tier is 1 to 10 characters, like 2K",
        ));
    }
    Ok(())
}

/// Every field of a generated request type except the image fields.
fn wire_fields<T: Serialize>(wire: &T, image_fields: &[&str]) -> Map<String, Value> {
    let mut map = match serde_json::to_value(wire) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    map.retain(|k, _| !image_fields.contains(&k.as_str()));
    map
}

fn conversion(field: &str, e: impl fmt::Display) -> InvalidInput {
    InvalidInput::new(field, Rule::Empty, format!("{field} is not valid: {e}"))
}

/// An optional text field as the generated type that checks its bounds.
fn wire<T>(field: &str, value: &Option<String>) -> Result<Option<T>, InvalidInput>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    value.clone().map(T::try_from).transpose().map_err(|e| conversion(field, e))
}

fn choose_encoding(asked: Encoding, images: &[CheckedImage]) -> Result<Encoding, InvalidInput> {
    let any_url = images.iter().any(|i| matches!(i.kind, Checked::Url(_)));
    match asked {
        Encoding::Auto if any_url => Ok(Encoding::Json),
        Encoding::Auto => Ok(Encoding::Multipart),
        Encoding::Multipart if any_url => Err(InvalidInput::new(
            images.iter().find(|i| matches!(i.kind, Checked::Url(_))).map_or("image", |i| i.field.as_str()),
            Rule::Encoding,
            "a URL cannot go in a multipart body; use the JSON encoding (auto picks it)",
        )),
        other => Ok(other),
    }
}

fn multipart_fields(form: &mut MultipartBody, fields: &Map<String, Value>) {
    for (k, v) in fields {
        match v {
            Value::String(s) => form.text(k, s),
            other => form.text(k, &other.to_string()),
        }
    }
}

fn local_parts(image: &CheckedImage) -> Option<(&crate::encode::LocalData, ImageFormat, &str)> {
    match &image.kind {
        Checked::Local { data, info, filename } => Some((data, info.format, filename.as_str())),
        Checked::Url(_) => None,
    }
}

fn json_too_large(len: u64) -> Result<(), InvalidInput> {
    if len > MAX_JSON_BYTES {
        return Err(InvalidInput::new(
            "image",
            Rule::Encoding,
            format!(
                "as JSON the body would be {}, over the service's 35 MB limit (base64 adds a third): use multipart",
                source::megabytes(len)
            ),
        ));
    }
    Ok(())
}

/// What one attempt gave.
enum Outcome {
    Image { bytes: Bytes, headers: HeaderMap },
    Status { status: u16, headers: HeaderMap, body: Bytes },
    Transport(reqwest::Error),
    TooLarge,
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether a key (or x402 token) is set.
    pub fn has_credentials(&self) -> bool {
        self.inner.credentials.is_some()
    }

    /// The generated low-level client, on the same connection pool.
    pub fn raw(&self) -> &venice_raw::Client {
        &self.inner.raw
    }

    /// The edit models with their limits and prices (`GET /models?type=inpaint`,
    /// no key needed), fetched once per client and cached; the supplied
    /// catalogue if there is one.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::Client;
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().base_url(mock.base_url()).build()?; // no key needed
    /// let models = client.models().await?;
    /// let gpt = models.get("gpt-image-2-edit").expect("listed");
    /// assert_eq!(gpt.constraints.max_images(), 6);
    /// println!("{} costs {}", gpt.name, gpt.price(Some("2K"), Some("low"), 1));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn models(&self) -> Result<Arc<Catalogue>, Error> {
        if let Some(c) = &self.inner.supplied {
            return Ok(c.clone());
        }
        self.inner.fetched.get_or_try_init(|| self.fetch_models()).await.cloned()
    }

    async fn fetch_models(&self) -> Result<Arc<Catalogue>, Error> {
        let policy = &self.inner.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.inner.raw.list_models().type_(types::ModelType::Inpaint).send().await;
            let err = match result {
                Ok(list) => return Ok(Arc::new(Catalogue::from_list(&list.into_inner()))),
                Err(venice_raw::Error::ErrorResponse(r)) => {
                    let status = r.status().as_u16();
                    let request_id =
                        r.headers().get("cf-ray").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    let message = r.error.clone().unwrap_or_else(|| format!("HTTP {status}"));
                    let failure =
                        ApiFailure { status, message, details: None, request_id, attempts: attempt };
                    map_status(status, failure, None)
                }
                Err(venice_raw::Error::UnexpectedResponse(r)) => {
                    let status = r.status().as_u16();
                    let headers = r.headers().clone();
                    let body = r.bytes().await.unwrap_or_default();
                    status_error(status, &headers, &body, attempt)
                }
                Err(venice_raw::Error::CommunicationError(e) | venice_raw::Error::ResponseBodyError(e)) => {
                    if e.is_timeout() {
                        Error::Timeout { attempts: attempt, elapsed: Duration::ZERO }
                    } else {
                        Error::Transport { attempts: attempt, source: e }
                    }
                }
                Err(other) => {
                    return Err(Error::InvalidResponse {
                        message: format!("the model list could not be read: {other}"),
                        request_id: None,
                    });
                }
            };
            if !err.is_retryable() || attempt >= policy.max_attempts {
                return Err(err);
            }
            tokio::time::sleep(policy.backoff(attempt, random_unit())).await;
        }
    }

    /// The catalogue for validation, if one can be had; without one only the
    /// general bounds are checked.
    async fn catalogue_for_validation(&self) -> Option<Arc<Catalogue>> {
        if let Some(c) = &self.inner.supplied {
            return Some(c.clone());
        }
        if !self.inner.fetch_catalogue {
            return self.inner.fetched.get().cloned();
        }
        match self.models().await {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(error = %e, "the model catalogue is unavailable; checking the general limits only");
                None
            }
        }
    }

    async fn resolve_model(&self, id: Option<&str>) -> Result<Option<InpaintModel>, InvalidInput> {
        let Some(catalogue) = self.catalogue_for_validation().await else { return Ok(None) };
        let id = id.unwrap_or(DEFAULT_MODEL);
        match catalogue.get(id) {
            Some(m) => Ok(Some(m.clone())),
            None if catalogue.is_empty() => Ok(None),
            None => Err(InvalidInput::new(
                "model",
                Rule::UnknownModel,
                format!("{id:?} is not an edit model; list them with `venice models` (or Client::models)"),
            )),
        }
    }

    async fn check_images(
        &self,
        sources: Vec<(String, ImageSource)>,
        fit: bool,
    ) -> Result<(Vec<CheckedImage>, Vec<FitReport>), InvalidInput> {
        let checked = tokio::task::spawn_blocking(move || {
            let mut images = Vec::new();
            let mut fitted = Vec::new();
            for (field, src) in sources {
                let (image, report) = source::check(&field, src, fit)?;
                images.push(image);
                fitted.extend(report);
            }
            Ok::<_, InvalidInput>((images, fitted))
        })
        .await;
        checked.unwrap_or_else(|e| {
            Err(InvalidInput::new("image", Rule::Unreadable, format!("checking failed: {e}")))
        })
    }

    /// Validates an edit and builds its body, sending nothing (the free,
    /// key-less model list may be fetched to check the model's rules).
    pub async fn prepare_edit(&self, req: EditRequest) -> Result<PreparedCall, Error> {
        let EditRequest { image, prompt, options } = req;
        check_prompt(&prompt, None)?;
        check_resolution_text(&options)?;
        let model = self.resolve_model(options.model.as_deref()).await?;
        if let Some(m) = &model {
            check_prompt(&prompt, Some(m))?;
            check_options(m, &options, None, 1)?;
        }
        let (images, fitted) = self.check_images(vec![("image".into(), image)], options.fit).await?;
        let wire = types::EditRequest {
            image: match &images[0].kind {
                Checked::Url(u) => u.clone(),
                Checked::Local { .. } => String::new(),
            },
            prompt: prompt.clone().try_into().map_err(|e| conversion("prompt", e))?,
            model: wire("model", &options.model)?,
            model_id: None,
            aspect_ratio: options.aspect_ratio,
            resolution: wire("resolution", &options.resolution)?,
            output_format: options.output_format,
            safe_mode: options.safe_mode,
            enhance_prompt: options.enhance_prompt,
            disable_prompt_optimization_thinking: options.disable_prompt_optimization_thinking,
        };
        let fields = wire_fields(&wire, &["image"]);
        let body = match choose_encoding(options.encoding, &images)? {
            Encoding::Multipart => {
                let mut form = MultipartBody::new();
                multipart_fields(&mut form, &fields);
                if let Some((data, format, name)) = local_parts(&images[0]) {
                    form.file("image", name, format.mime(), data.clone());
                }
                Body::Multipart(form)
            }
            _ => match local_parts(&images[0]) {
                None => Body::Generated(Bytes::from(
                    serde_json::to_vec(&wire).map_err(|e| Error::Config(e.to_string()))?,
                )),
                Some((data, _, _)) => {
                    let mut json = JsonBody::new();
                    for (k, v) in &fields {
                        json.value(k, v);
                    }
                    json.base64("image", data.clone());
                    json_too_large(json.len())?;
                    Body::Json(json)
                }
            },
        };
        let cost = model.as_ref().map(|m| m.price(options.resolution.as_deref(), None, 1));
        Ok(PreparedCall {
            operation: Operation::Edit,
            body,
            images,
            fields,
            model: Some(options.model.unwrap_or_else(|| DEFAULT_MODEL.into())),
            cost,
            fitted,
        })
    }

    /// Validates a multi-edit and builds its body, sending nothing.
    pub async fn prepare_multi_edit(&self, req: MultiEditRequest) -> Result<PreparedCall, Error> {
        let MultiEditRequest { images, prompt, quality, options } = req;
        check_prompt(&prompt, None)?;
        check_resolution_text(&options)?;
        if images.is_empty() {
            return Err(InvalidInput::new("images", Rule::Required, "give at least the base image").into());
        }
        let count = images.len();
        let model = self.resolve_model(options.model.as_deref()).await?;
        if let Some(m) = &model {
            check_prompt(&prompt, Some(m))?;
            check_options(m, &options, quality, count)?;
        }
        let sources = images.into_iter().enumerate().map(|(i, s)| (format!("images[{i}]"), s)).collect();
        let (images, fitted) = self.check_images(sources, options.fit).await?;
        let urls: Vec<String> = images
            .iter()
            .map(|i| match &i.kind {
                Checked::Url(u) => u.clone(),
                Checked::Local { .. } => String::new(),
            })
            .collect();
        let wire = types::MultiEditRequest {
            images: urls,
            prompt: prompt.clone().try_into().map_err(|e| conversion("prompt", e))?,
            model_id: wire("model", &options.model)?,
            aspect_ratio: options.aspect_ratio,
            resolution: wire("resolution", &options.resolution)?,
            output_format: options.output_format,
            quality,
            safe_mode: options.safe_mode,
            enhance_prompt: options.enhance_prompt,
            disable_prompt_optimization_thinking: options.disable_prompt_optimization_thinking,
        };
        let fields = wire_fields(&wire, &["images"]);
        let all_urls = images.iter().all(|i| matches!(i.kind, Checked::Url(_)));
        let body = match choose_encoding(options.encoding, &images)? {
            Encoding::Multipart => {
                let mut form = MultipartBody::new();
                multipart_fields(&mut form, &fields);
                for image in &images {
                    if let Some((data, format, name)) = local_parts(image) {
                        form.file("images", name, format.mime(), data.clone());
                    }
                }
                Body::Multipart(form)
            }
            _ if all_urls => Body::Generated(Bytes::from(
                serde_json::to_vec(&wire).map_err(|e| Error::Config(e.to_string()))?,
            )),
            _ => {
                let mut json = JsonBody::new();
                let items = images
                    .iter()
                    .map(|i| match &i.kind {
                        Checked::Url(u) => ArrayItem::Text(u.clone()),
                        Checked::Local { data, .. } => ArrayItem::Base64(data.clone()),
                    })
                    .collect();
                json.string_array("images", items);
                for (k, v) in &fields {
                    json.value(k, v);
                }
                json_too_large(json.len())?;
                Body::Json(json)
            }
        };
        let quality_text = quality.map(|q| q.to_string());
        let cost = model
            .as_ref()
            .map(|m| m.price(options.resolution.as_deref(), quality_text.as_deref(), count as u32));
        Ok(PreparedCall {
            operation: Operation::MultiEdit,
            body,
            images,
            fields,
            model: Some(options.model.unwrap_or_else(|| DEFAULT_MODEL.into())),
            cost,
            fitted,
        })
    }

    /// Validates a background removal and builds its body, sending nothing.
    pub async fn prepare_remove_background(
        &self,
        req: BackgroundRemoveRequest,
    ) -> Result<PreparedCall, Error> {
        let (images, fitted) = self.check_images(vec![("image".into(), req.image)], req.fit).await?;
        let body = match (&images[0].kind, choose_encoding(req.encoding, &images)?) {
            (Checked::Url(u), _) => {
                let wire = types::BackgroundRemoveRequest { image: None, image_url: Some(u.clone()) };
                Body::Generated(Bytes::from(
                    serde_json::to_vec(&wire).map_err(|e| Error::Config(e.to_string()))?,
                ))
            }
            (Checked::Local { data, info, filename }, Encoding::Multipart) => {
                let mut form = MultipartBody::new();
                form.file("image", filename, info.format.mime(), data.clone());
                Body::Multipart(form)
            }
            (Checked::Local { data, .. }, _) => {
                let mut json = JsonBody::new();
                json.base64("image", data.clone());
                json_too_large(json.len())?;
                Body::Json(json)
            }
        };
        Ok(PreparedCall {
            operation: Operation::BackgroundRemove,
            body,
            images,
            fields: Map::new(),
            model: None,
            cost: None,
            fitted,
        })
    }

    /// What `call` would send, credentials redacted.
    pub fn plan(&self, call: &PreparedCall) -> Plan {
        let mut headers = vec![
            ("Content-Type".to_owned(), call.content_type()),
            ("Content-Length".to_owned(), call.content_length().to_string()),
        ];
        headers.push(match &self.inner.credentials {
            Some(c) => c.redacted(),
            None => ("Authorization".into(), "(none: no API key is set)".into()),
        });
        let images = call
            .images
            .iter()
            .map(|i| match &i.kind {
                Checked::Local { data, info, .. } => ImagePlan {
                    field: i.field.clone(),
                    origin: i.origin.clone(),
                    format: Some(info.format.to_string()),
                    dimensions: Some((info.width, info.height)),
                    bytes: Some(data.len()),
                },
                Checked::Url(u) => ImagePlan {
                    field: i.field.clone(),
                    origin: u.clone(),
                    format: None,
                    dimensions: None,
                    bytes: None,
                },
            })
            .collect();
        Plan {
            operation: call.operation,
            method: "POST",
            url: format!("{}{}", self.inner.base_url, call.operation.path()),
            headers,
            encoding: match call.encoding() {
                Encoding::Multipart => "multipart",
                _ => "json",
            },
            content_length: call.content_length(),
            fields: call.fields.clone(),
            images,
            model: call.model.clone(),
            estimated_cost: call.cost.clone(),
            fitted: call.fitted.clone(),
        }
    }

    /// Edits one image. See [`EditRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, EditRequest, ImageSource};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let photo = venice_mock::fixtures::jpeg(640, 480);
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let edited = client.edit(EditRequest::new(ImageSource::bytes(photo), "make it night")).await?;
    /// assert_eq!(edited.content_type(), "image/png");
    /// assert_eq!(edited.meta().model_id.as_deref(), Some("firered-image-edit"));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn edit(&self, req: EditRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_edit(req).await?;
        self.send(&call).await
    }

    /// Edits a base image with layers or masks. See [`MultiEditRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, ImageSource, MultiEditRequest};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let (base, mask) = (venice_mock::fixtures::png(400, 300), venice_mock::fixtures::half_mask(400, 300));
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let request = MultiEditRequest::new(ImageSource::bytes(base), vec![ImageSource::bytes(mask)], "paint it gold");
    /// let edited = client.multi_edit(request).await?;
    /// assert!(!edited.bytes().is_empty());
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn multi_edit(&self, req: MultiEditRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_multi_edit(req).await?;
        self.send(&call).await
    }

    /// Cuts the subject out onto transparency; the answer is always a PNG
    /// with alpha. See [`BackgroundRemoveRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{BackgroundRemoveRequest, Client, ImageSource};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let photo = venice_mock::fixtures::png(400, 300);
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let cut_out = client.remove_background(BackgroundRemoveRequest::new(ImageSource::bytes(photo))).await?;
    /// assert_eq!(cut_out.extension(), "png");
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn remove_background(&self, req: BackgroundRemoveRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_remove_background(req).await?;
        self.send(&call).await
    }

    async fn wait_for_pause(&self) {
        loop {
            let until = *self.inner.pause_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match until.and_then(|u| u.checked_duration_since(Instant::now())) {
                Some(d) if !d.is_zero() => tokio::time::sleep(d).await,
                _ => return,
            }
        }
    }

    fn pause_all(&self, wait: Duration) {
        let mut until = self.inner.pause_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(new) = Instant::now().checked_add(wait) else { return };
        if until.is_none_or(|u| u < new) {
            *until = Some(new);
        }
    }

    async fn read_limited(&self, mut response: reqwest::Response, limit: u64) -> Result<Bytes, Outcome> {
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(Outcome::TooLarge);
        }
        let mut buf = BytesMut::with_capacity(response.content_length().unwrap_or(0).min(limit) as usize);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if buf.len() as u64 + chunk.len() as u64 > limit {
                        return Err(Outcome::TooLarge);
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(buf.freeze()),
                Err(e) => return Err(Outcome::Transport(e)),
            }
        }
    }

    async fn attempt(&self, call: &PreparedCall, auth: &(&'static str, HeaderValue)) -> Outcome {
        let url = format!("{}{}", self.inner.base_url, call.operation.path());
        let request = self
            .inner
            .http
            .post(url)
            .timeout(self.inner.timeout)
            .header(CONTENT_TYPE, call.content_type())
            .header(CONTENT_LENGTH, call.content_length())
            .header(auth.0, auth.1.clone())
            .body(call.reqwest_body());
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Transport(e),
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if status == 200 {
            match self.read_limited(response, self.inner.max_response_bytes).await {
                Ok(bytes) => Outcome::Image { bytes, headers },
                Err(o) => o,
            }
        } else {
            // Error bodies are small; keep at most 64 KB of one.
            let body = self.read_limited(response, 64 * 1024).await.unwrap_or_default();
            Outcome::Status { status, headers, body }
        }
    }

    fn emit(&self, event: RetryEvent) {
        tracing::info!(
            attempt = event.attempt,
            wait_ms = event.wait.as_millis() as u64,
            status = event.status,
            server_asked = event.server_asked,
            reason = %event.reason,
            "retrying"
        );
        if let Some(hook) = &self.inner.on_retry {
            hook(&event);
        }
    }

    /// Sends a prepared call, retrying as the policy says.
    pub async fn send(&self, call: &PreparedCall) -> Result<EditedImage, Error> {
        let credentials = self.inner.credentials.as_ref().ok_or_else(|| {
            Error::Config("no API key: set VENICE_API_KEY or pass one to ClientBuilder::api_key".into())
        })?;
        let auth = credentials.header()?;
        self.check_unchanged(call)?;
        let policy = &self.inner.retry;
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.wait_for_pause().await;
            tracing::debug!(attempt, operation = ?call.operation, bytes = call.content_length(), "sending");
            let (err, status, headers) = match self.attempt(call, &auth).await {
                Outcome::Image { bytes, headers } => return self.finish(call, bytes, &headers, attempt),
                Outcome::Status { status, headers, body } => {
                    let err = status_error(status, &headers, &body, attempt);
                    (err, Some(status), Some(headers))
                }
                Outcome::Transport(e) if e.is_timeout() => {
                    (Error::Timeout { attempts: attempt, elapsed: started.elapsed() }, None, None)
                }
                Outcome::Transport(e) => (Error::Transport { attempts: attempt, source: e }, None, None),
                Outcome::TooLarge => {
                    return Err(Error::InvalidResponse {
                        message: format!(
                            "the answer is larger than {}; refusing to read it",
                            source::megabytes(self.inner.max_response_bytes)
                        ),
                        request_id: None,
                    });
                }
            };
            let retryable = match (&headers, status) {
                (Some(h), Some(s)) => should_retry_header(h).unwrap_or_else(|| retryable_status(s)),
                _ => true,
            };
            if !retryable || attempt >= policy.max_attempts {
                return Err(err);
            }
            let asked = headers.as_ref().and_then(|h| server_wait(h, SystemTime::now()));
            if let Some(w) = asked
                && w > policy.max_server_wait
            {
                return Err(with_wait(err, w));
            }
            let wait = asked.unwrap_or_else(|| policy.backoff(attempt, random_unit()));
            if policy.deadline.is_some_and(|d| started.elapsed().saturating_add(wait) > d) {
                return Err(err);
            }
            if status == Some(429) {
                self.pause_all(wait);
            }
            self.emit(RetryEvent {
                attempt,
                wait,
                server_asked: asked.is_some(),
                status,
                reason: err.to_string(),
            });
            tokio::time::sleep(wait).await;
            self.check_unchanged(call)?;
        }
    }

    /// Refuses to send a file whose length changed since it was checked.
    fn check_unchanged(&self, call: &PreparedCall) -> Result<(), Error> {
        for image in &call.images {
            if let Checked::Local { data: crate::encode::LocalData::File { path, len }, .. } = &image.kind {
                let now = std::fs::metadata(path)
                    .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
                if now.len() != *len {
                    return Err(Error::io(
                        format!("{} changed since it was checked", path.display()),
                        std::io::Error::other("file length changed"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn finish(
        &self,
        call: &PreparedCall,
        bytes: Bytes,
        headers: &HeaderMap,
        attempts: u32,
    ) -> Result<EditedImage, Error> {
        let mut meta = ResponseMeta::from_headers(headers);
        meta.attempts = attempts;
        let declared = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("(none)").to_owned();
        let format = probe::sniff(&bytes).filter(|f| {
            matches!(f, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Webp | ImageFormat::Gif)
        });
        let Some(format) = format else {
            return Err(Error::InvalidResponse {
                message: format!(
                    "the service answered 200 but the body is not an image (content-type {declared}, {} bytes)",
                    bytes.len()
                ),
                request_id: meta.request_id,
            });
        };
        if ImageFormat::from_mime(&declared) != Some(format) {
            tracing::warn!(declared = %declared, actual = %format, "the answer's content type does not match its bytes");
        }
        if let Some(d) = &meta.deprecation {
            tracing::warn!(model = ?meta.model_id, warning = ?d.warning, replacement = ?d.replacement, "the model is deprecated");
        }
        Ok(EditedImage::new(bytes, format, meta, call.fitted.clone()))
    }
}

fn with_wait(err: Error, wait: Duration) -> Error {
    match err {
        Error::RateLimited { failure, .. } => Error::RateLimited { failure, retry_after: Some(wait) },
        Error::Server(mut f) => {
            f.message = format!("{}; the service asks to wait {}", f.message, human(wait));
            Error::Server(f)
        }
        other => other,
    }
}

fn map_status(status: u16, failure: ApiFailure, retry_after: Option<Duration>) -> Error {
    match status {
        400 | 404 | 405 => Error::Rejected(failure),
        401 | 403 => Error::Unauthorized(failure),
        402 => Error::InsufficientBalance(failure),
        413 => Error::PayloadTooLarge(failure),
        415 => Error::UnsupportedMediaType(failure),
        422 => Error::ContentPolicy(failure),
        429 => Error::RateLimited { failure, retry_after },
        408 | 500..=599 => Error::Server(failure),
        _ => Error::Rejected(failure),
    }
}

/// Maps an error answer to an [`Error`], reading the service's message from
/// its JSON body (the generated merged error type) or describing a non-JSON one.
fn status_error(status: u16, headers: &HeaderMap, body: &[u8], attempts: u32) -> Error {
    let request_id = headers.get("cf-ray").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let parsed: Option<types::ApiError> = serde_json::from_slice(body).ok();
    let (message, details) = match parsed {
        Some(e) => {
            let details = (!e.details.is_empty()).then(|| Value::Object(e.details.clone()).to_string());
            let message = e.error.clone().unwrap_or_else(|| format!("HTTP {status}"));
            (message, details)
        }
        None => {
            let text = String::from_utf8_lossy(&body[..body.len().min(200)]).trim().to_owned();
            let looks_html = text.starts_with('<');
            let message = if looks_html {
                format!("the service (or a proxy in front of it) answered {status} with an HTML page")
            } else if text.is_empty() {
                format!("HTTP {status} with no body")
            } else {
                format!("HTTP {status}: {text}")
            };
            (message, None)
        }
    };
    let mut failure = ApiFailure { status, message, details, request_id, attempts };
    if status == 404 {
        failure.message = format!("{}; check the base URL (it must end in /api/v1)", failure.message);
    }
    map_status(status, failure, server_wait(headers, SystemTime::now()))
}
