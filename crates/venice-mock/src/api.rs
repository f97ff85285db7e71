//! Answering requests the way the service does.
//!
//! Order of checks for the image endpoints: injected fault, auth (401), key
//! lock-out (429), rate limit (429), content type (415), body size (413),
//! fields (400), images (400), model rules (400), content policy (422),
//! balance (402), then the edit itself.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Map, Value, json};
use tokio::sync::Notify;

use crate::catalogue::{DEFAULT_MODEL, ModelRules};
use crate::config::{Fault, RetryAfter};
use crate::imaging::{self, ImageProblem, MAX_FILE_BYTES, OutputFormat};
use crate::record::{RecordedImage, RecordedRequest, redacted_headers};
use crate::state::{RateStatus, State};

/// The response body type: streamed so faults can stall or cut it.
pub(crate) type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

/// JSON bodies over this are refused with 413 (35 MB).
pub const MAX_JSON_BYTES: usize = 35 * 1024 * 1024;
/// A multipart body is not read past this.
const MAX_MULTIPART_BYTES: u64 = 400 * 1024 * 1024;
/// Longest prompt the schema allows, in UTF-16 code units.
const MAX_PROMPT: usize = 32768;

const ASPECT_RATIOS: [&str; 9] = ["auto", "1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"];
const OUTPUT_FORMATS: [&str; 4] = ["jpeg", "jpg", "png", "webp"];
const QUALITIES: [&str; 3] = ["low", "medium", "high"];
const MODEL_TYPES: [&str; 11] =
    ["all", "asr", "code", "embedding", "image", "inpaint", "music", "text", "tts", "upscale", "video"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Edit,
    MultiEdit,
    BackgroundRemove,
}

impl Op {
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Op::Edit => &[
                "image",
                "prompt",
                "model",
                "modelId",
                "aspect_ratio",
                "resolution",
                "output_format",
                "safe_mode",
                "enhance_prompt",
                "disable_prompt_optimization_thinking",
            ],
            Op::MultiEdit => &[
                "images",
                "prompt",
                "modelId",
                "aspect_ratio",
                "resolution",
                "output_format",
                "quality",
                "safe_mode",
                "enhance_prompt",
                "disable_prompt_optimization_thinking",
            ],
            Op::BackgroundRemove => &["image", "image_url"],
        }
    }
}

/// A refusal: status, JSON body, extra headers, and whether it counts
/// towards the key's lock-out.
struct Fail {
    status: StatusCode,
    body: Value,
    headers: Vec<(&'static str, String)>,
    counts: bool,
}

impl Fail {
    fn new(status: u16, error: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: json!({ "error": error.into() }),
            headers: Vec::new(),
            counts: (400..500).contains(&status) && status != 429,
        }
    }

    fn invalid(details: Map<String, Value>) -> Self {
        let mut f = Self::new(400, "Invalid request parameters");
        let mut d = details;
        d.entry("_errors").or_insert_with(|| json!([]));
        f.body["details"] = Value::Object(d);
        f
    }

    fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut f =
            Self::invalid(Map::from_iter([(field.to_owned(), json!({ "_errors": [message.clone()] }))]));
        f.body["error"] = json!(message);
        f
    }

    fn image(field: &str, problem: &ImageProblem) -> Self {
        Self::field(field, problem.message())
    }
}

/// A successful answer and how to deliver it.
struct Reply {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
    content_type: &'static str,
    stall: Option<Duration>,
    truncate: bool,
}

impl Reply {
    fn raw(status: StatusCode, content_type: &'static str, body: Bytes) -> Self {
        Self { status, headers: Vec::new(), body, content_type, stall: None, truncate: false }
    }

    fn json(status: StatusCode, body: &Value) -> Self {
        Self::raw(status, "application/json", Bytes::from(serde_json::to_vec(body).unwrap_or_default()))
    }

    fn from_fail(f: Fail) -> Self {
        let mut r = Self::json(f.status, &f.body);
        r.headers = f.headers;
        r
    }
}

/// Handles one request on a connection whose `kill` drops it.
pub(crate) async fn handle(state: Arc<State>, req: Request<Incoming>, kill: Arc<Notify>) -> Response<Body> {
    let mut rec = RecordedRequest {
        seq: state.next_seq(),
        method: req.method().to_string(),
        path: req.uri().path().to_owned(),
        query: req.uri().query().map(str::to_owned),
        content_type: header(req.headers(), "content-type"),
        headers: redacted_headers(req.headers()),
        fields: BTreeMap::new(),
        images: Vec::new(),
        body_bytes: 0,
        status: 0,
        fault: None,
    };
    let reply = process(&state, req, &kill, &mut rec).await;
    rec.status = reply.status.as_u16();
    state.record(rec.clone());
    into_response(reply, rec.seq)
}

fn header(h: &hyper::HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn process(state: &State, req: Request<Incoming>, kill: &Notify, rec: &mut RecordedRequest) -> Reply {
    let fault = state.take_fault();
    rec.fault = fault.as_ref().map(Fault::name);
    match &fault {
        Some(Fault::Status { status, retry_after }) => return fault_status(*status, *retry_after),
        Some(Fault::HtmlBadGateway) => {
            return Reply::raw(
                StatusCode::BAD_GATEWAY,
                "text/html",
                Bytes::from_static(
                    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n",
                ),
            );
        }
        Some(Fault::NotAnImage) => {
            return Reply::raw(
                StatusCode::OK,
                "image/png",
                Bytes::from_static(b"this is not an image, whatever the header says"),
            );
        }
        Some(Fault::ResetDuringUpload) => {
            let mut body = req.into_body();
            let mut seen = 0usize;
            while seen < 64 * 1024 {
                match body.frame().await {
                    Some(Ok(frame)) => seen += frame.data_ref().map_or(0, Bytes::len),
                    _ => break,
                }
            }
            rec.body_bytes = seen as u64;
            kill.notify_one();
            // The connection task drops this future with the connection.
            std::future::pending::<()>().await;
            unreachable!("the connection is gone");
        }
        Some(Fault::DelayHeaders(d)) => tokio::time::sleep(*d).await,
        _ => {}
    }

    let path = req.uri().path().to_owned();
    let op = match path.as_str() {
        "/api/v1/models" => {
            return if req.method() == Method::GET {
                models(state, req.uri().query())
            } else {
                Reply::from_fail(Fail::new(405, "Method not allowed"))
            };
        }
        "/api/v1/image/edit" => Op::Edit,
        "/api/v1/image/multi-edit" => Op::MultiEdit,
        "/api/v1/image/background-remove" => Op::BackgroundRemove,
        _ => return Reply::from_fail(Fail::new(404, format!("No route for {path}"))),
    };
    if req.method() != Method::POST {
        return Reply::from_fail(Fail::new(405, "Method not allowed"));
    }
    let mut reply = image_operation(state, op, req, rec).await;
    match fault {
        Some(Fault::DelayMidBody(d)) => reply.stall = Some(d),
        Some(Fault::TruncatedBody) if reply.status.is_success() => reply.truncate = true,
        _ => {}
    }
    reply
}

fn fault_status(status: u16, retry_after: Option<RetryAfter>) -> Reply {
    let message = match status {
        429 => "Rate limit exceeded",
        500 => "Inference processing failed",
        503 => "The model is at capacity. Please try again later.",
        _ => "Injected failure",
    };
    let mut r = Reply::from_fail(Fail::new(status, message));
    match retry_after {
        Some(RetryAfter::Seconds(s)) => r.headers.push(("retry-after", s.to_string())),
        Some(RetryAfter::HttpDate(d)) => {
            r.headers.push(("retry-after", httpdate::fmt_http_date(std::time::SystemTime::now() + d)));
        }
        Some(RetryAfter::Millis(ms)) => r.headers.push(("retry-after-ms", ms.to_string())),
        None => {}
    }
    r
}

fn models(state: &State, query: Option<&str>) -> Reply {
    let kind = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "type")
        .map(|(_, v)| v.to_owned());
    if let Some(k) = &kind
        && !MODEL_TYPES.contains(&k.as_str())
    {
        let mut f = Fail::field(
            "type",
            format!("Invalid model type {k:?}; expected one of {}", MODEL_TYPES.join(", ")),
        );
        f.counts = false;
        return Reply::from_fail(f);
    }
    Reply::json(StatusCode::OK, &state.catalogue.list(kind.as_deref()))
}

/// Who is calling: the key for `Bearer` auth, or the x402 identity.
fn identity(state: &State, headers: &hyper::HeaderMap) -> Result<String, String> {
    if let Some(auth) = header(headers, "authorization") {
        let token = auth.strip_prefix("Bearer ").unwrap_or("").trim();
        return if state.config.keys.iter().any(|k| k == token) {
            Ok(token.to_owned())
        } else {
            Err(token.to_owned())
        };
    }
    for name in ["sign-in-with-x", "x-sign-in-with-x"] {
        if let Some(v) = header(headers, name).filter(|v| !v.trim().is_empty()) {
            return Ok(format!("x402:{v}"));
        }
    }
    Err(String::new())
}

async fn image_operation(state: &State, op: Op, req: Request<Incoming>, rec: &mut RecordedRequest) -> Reply {
    let key = match identity(state, req.headers()) {
        Ok(k) => k,
        Err(presented) => {
            state.record_failure(&presented);
            return Reply::from_fail(Fail::new(401, "Authentication failed"));
        }
    };
    if let Some(left) = state.locked_for(&key) {
        let mut f = Fail::new(429, "Too many failed requests; this key is locked out for a while");
        f.headers.push(("retry-after", left.as_secs().max(1).to_string()));
        return Reply::from_fail(f);
    }
    let rate = state.rate(&key);
    let mut reply = match rate.and_then(|r| r.refused_for) {
        Some(wait) => {
            let mut f = Fail::new(429, "Rate limit exceeded");
            f.headers.push(("retry-after", wait.as_secs_f64().ceil().max(1.0).to_string()));
            Reply::from_fail(f)
        }
        None => match run(state, op, req, rec).await {
            Ok(reply) => reply,
            Err(fail) => {
                if fail.counts {
                    state.record_failure(&key);
                }
                Reply::from_fail(fail)
            }
        },
    };
    if let Some(r) = rate {
        add_rate_headers(&mut reply, r);
    }
    reply
}

fn add_rate_headers(reply: &mut Reply, r: RateStatus) {
    reply.headers.push(("x-ratelimit-limit-requests", r.limit.to_string()));
    reply.headers.push(("x-ratelimit-remaining-requests", r.remaining.to_string()));
    reply.headers.push(("x-ratelimit-reset-requests", r.reset_unix.to_string()));
}

/// An image input before it is resolved to bytes.
enum ImageInput {
    File {
        bytes: Bytes,
        content_type: Option<String>,
        filename: Option<String>,
    },
    /// UTF-8 text: base64, a data: URL or an http(s) URL.
    Text(Bytes),
}

/// The body, whatever its encoding.
struct Parsed {
    fields: Map<String, Value>,
    images: Vec<(String, ImageInput)>,
    multipart: bool,
}

async fn run(
    state: &State,
    op: Op,
    req: Request<Incoming>,
    rec: &mut RecordedRequest,
) -> Result<Reply, Fail> {
    let content_type = header(req.headers(), "content-type").unwrap_or_default();
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let parsed = match mime.as_str() {
        "application/json" => parse_json(op, read_json_body(req.into_body(), rec).await?)?,
        "multipart/form-data" => {
            let boundary = multer::parse_boundary(&content_type)
                .map_err(|_| Fail::new(400, "multipart/form-data needs a boundary"))?;
            parse_multipart(op, req.into_body(), boundary, rec).await?
        }
        _ => {
            return Err(Fail::new(
                415,
                format!(
                    "Invalid request content-type {content_type:?}; use application/json or multipart/form-data"
                ),
            ));
        }
    };
    for (k, v) in &parsed.fields {
        rec.fields.insert(k.clone(), v.clone());
    }
    check_fields(op, &parsed)?;
    let fields = typed_fields(&parsed)?;
    let images = resolve_images(state, op, parsed, rec)?;

    let mut inspected = Vec::with_capacity(images.len());
    for (field, bytes) in &images {
        inspected.push(imaging::inspect(bytes).map_err(|p| Fail::image(field, &p))?);
    }

    let prompt = fields.get("prompt").and_then(Value::as_str).unwrap_or("").to_owned();
    let (rules, price) = match op {
        Op::BackgroundRemove => (None, state.config.background_remove_usd),
        _ => {
            let model_field = if op == Op::Edit { "model" } else { "modelId" };
            let id = fields
                .get(model_field)
                .or_else(|| fields.get("modelId"))
                .and_then(Value::as_str)
                .unwrap_or(DEFAULT_MODEL)
                .to_owned();
            let rules = state.catalogue.get(&id).ok_or_else(|| {
                Fail::field(
                    model_field,
                    format!("Invalid model {id:?}; list the edit models with GET /models?type=inpaint"),
                )
            })?;
            check_model_rules(&rules, &fields, &prompt, images.len())?;
            let resolution =
                fields.get("resolution").and_then(Value::as_str).unwrap_or(&rules.default_resolution);
            let price = rules.price(resolution, fields.get("quality").and_then(Value::as_str), images.len());
            (Some(rules), price)
        }
    };
    let lowered = prompt.to_lowercase();
    if let Some(word) = state.config.blocked_words.iter().find(|w| lowered.contains(&w.to_lowercase())) {
        return Err(Fail::new(422, format!("Content policy violation: the prompt was refused ({word:?})")));
    }
    if state.balance_usd() + 1e-9 < price {
        return Err(Fail::new(402, "Insufficient USD or DIEM balance to complete request"));
    }
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }

    let (bytes, format) = produce(state, op, rules.as_ref(), &fields, &images, &inspected).await?;
    if !state.charge(price) {
        return Err(Fail::new(402, "Insufficient USD or DIEM balance to complete request"));
    }
    let mut reply = Reply::raw(StatusCode::OK, format.mime(), bytes);
    reply.headers.push(("x-venice-is-content-violation", "false".into()));
    let balance = state.balance_usd();
    reply.headers.push(("x-venice-balance-usd", format!("{balance:.4}")));
    reply.headers.push(("x-venice-balance-diem", format!("{balance:.4}")));
    if let Some(rules) = rules {
        reply.headers.push(("x-venice-model-id", rules.id.clone()));
        reply.headers.push(("x-venice-model-name", rules.name.clone()));
        if let Some(d) = state.config.deprecated.get(&rules.id) {
            reply.headers.push(("x-venice-model-deprecation-warning", d.warning.clone()));
            reply.headers.push(("x-venice-model-deprecation-date", d.date.clone()));
            reply.headers.push(("x-venice-deprecated", "true".into()));
            if let Some(r) = &d.replacement {
                reply.headers.push(("x-venice-deprecated-replacement", r.clone()));
            }
        }
    }
    Ok(reply)
}

async fn read_json_body(body: Incoming, rec: &mut RecordedRequest) -> Result<Bytes, Fail> {
    use hyper::body::Body as _;
    let mut body = body;
    // Sized once from Content-Length: growing a 30 MB buffer by doubling
    // copies it over and over and faults in fresh pages each time.
    let hint = body.size_hint().exact().unwrap_or(0).min(MAX_JSON_BYTES as u64) as usize;
    let mut buf = BytesMut::with_capacity(hint);
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Fail::new(400, format!("The request body could not be read: {e}")))?;
        if let Some(data) = frame.data_ref() {
            total += data.len();
            // Past the limit, keep reading (so the client sees the 413) but keep nothing.
            if total <= MAX_JSON_BYTES {
                buf.extend_from_slice(data);
            } else if total > 2 * MAX_JSON_BYTES {
                break;
            }
        }
    }
    rec.body_bytes = total as u64;
    if total > MAX_JSON_BYTES {
        let mut f = Fail::new(413, "Request body is too large; send large images as multipart/form-data");
        f.body["code"] = json!("PAYLOAD_TOO_LARGE");
        return Err(f);
    }
    Ok(buf.freeze())
}

/// Parses a JSON body. Image strings are not copied: they are slices of the
/// body (`RawValue` finds them, and a string without escapes is borrowed).
fn parse_json(op: Op, body: Bytes) -> Result<Parsed, Fail> {
    use serde_json::value::RawValue;
    let raw: BTreeMap<String, &RawValue> = serde_json::from_slice(&body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Fail::new(400, "The body must be a JSON object"),
        _ => Fail::new(400, format!("The body is not valid JSON: {e}")),
    })?;
    // `&str` borrows from the body; only a string with escapes needs a copy.
    // (serde's `Cow<str>` would always copy.)
    // A JSON string without escapes is its raw text between the quotes:
    // no second scan, no copy.
    let text = |raw: &RawValue| -> Option<Bytes> {
        let r = raw.get().as_bytes();
        if r.len() >= 2 && r[0] == b'"' && r[r.len() - 1] == b'"' && !r.contains(&b'\\') {
            return Some(body.slice_ref(&r[1..r.len() - 1]));
        }
        serde_json::from_str::<String>(raw.get()).ok().map(Bytes::from)
    };
    let image_field = match op {
        Op::Edit | Op::BackgroundRemove => "image",
        Op::MultiEdit => "images",
    };
    let mut fields = Map::new();
    let mut images = Vec::new();
    for (name, value) in raw {
        if name != image_field {
            let v: Value = serde_json::from_str(value.get()).unwrap_or(Value::Null);
            fields.insert(name, v);
            continue;
        }
        if op == Op::MultiEdit {
            let items: Vec<&RawValue> = serde_json::from_str(value.get())
                .map_err(|_| Fail::field(&name, "Expected an array of strings for images"))?;
            for item in items {
                let t = text(item).ok_or_else(|| {
                    Fail::field(&name, "Each image must be a base64 string, a data: URL or an http(s) URL")
                })?;
                images.push((name.clone(), ImageInput::Text(t)));
            }
        } else {
            let t = text(value).ok_or_else(|| Fail::field(&name, format!("Expected a string for {name}")))?;
            images.push((name.clone(), ImageInput::Text(t)));
        }
    }
    Ok(Parsed { fields, images, multipart: false })
}

async fn parse_multipart(
    op: Op,
    body: Incoming,
    boundary: String,
    rec: &mut RecordedRequest,
) -> Result<Parsed, Fail> {
    let counted = Arc::new(AtomicU64::new(0));
    let counter = counted.clone();
    let stream = http_body_util::BodyStream::new(body)
        .try_filter_map(|frame| async move { Ok(frame.into_data().ok()) })
        .inspect_ok(move |chunk: &Bytes| {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        });
    let limits = multer::Constraints::new().size_limit(
        multer::SizeLimit::new().whole_stream(MAX_MULTIPART_BYTES).per_field(2 * MAX_FILE_BYTES as u64),
    );
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, limits);
    let mut fields = Map::new();
    let mut images = Vec::new();
    let bad = |e: multer::Error| Fail::new(400, format!("The multipart body could not be read: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let is_file = filename.is_some();
        let data = field.bytes().await.map_err(bad)?;
        let image_field = match op {
            Op::MultiEdit => name == "images",
            _ => name == "image",
        };
        if is_file {
            if !image_field {
                return Err(Fail::field(&name, format!("Unexpected file in field {name:?}")));
            }
            images.push((name, ImageInput::File { bytes: data, content_type, filename }));
        } else if image_field && op == Op::MultiEdit {
            return Err(Fail::field(
                "images",
                "In multipart/form-data requests images must be file uploads; send URLs and base64 as JSON",
            ));
        } else if image_field {
            images.push((name, ImageInput::Text(data)));
        } else {
            let text =
                String::from_utf8(data.to_vec()).map_err(|_| Fail::field(&name, "Expected UTF-8 text"))?;
            fields.insert(name, Value::String(text));
        }
    }
    rec.body_bytes = counted.load(Ordering::Relaxed);
    Ok(Parsed { fields, images, multipart: true })
}

/// Closed objects: a field the operation does not have is a 400 naming it.
fn check_fields(op: Op, parsed: &Parsed) -> Result<(), Fail> {
    let allowed = op.allowed();
    let names = parsed.fields.keys().map(String::as_str).chain(parsed.images.iter().map(|(n, _)| n.as_str()));
    let unknown: Vec<String> = names
        .filter(|n| !allowed.contains(n))
        .map(|n| format!("'{n}'"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let message = format!("Unrecognized key(s) in object: {}", unknown.join(", "));
    let mut f = Fail::invalid(Map::from_iter([("_errors".to_owned(), json!([message.clone()]))]));
    f.body["error"] = json!(message);
    Err(f)
}

/// Field types and general bounds; multipart text becomes typed values.
fn typed_fields(parsed: &Parsed) -> Result<Map<String, Value>, Fail> {
    let mut out = Map::new();
    let mut errors = Map::new();
    let mut complain = |field: &str, msg: String| {
        errors.insert(field.to_owned(), json!({ "_errors": [msg] }));
    };
    for (name, value) in &parsed.fields {
        let is_bool =
            matches!(name.as_str(), "safe_mode" | "enhance_prompt" | "disable_prompt_optimization_thinking");
        let typed = match (is_bool, value) {
            (true, Value::Bool(b)) => Value::Bool(*b),
            (true, Value::String(s)) if parsed.multipart && (s == "true" || s == "false") => {
                Value::Bool(s == "true")
            }
            (true, _) => {
                complain(name, "Expected boolean".into());
                continue;
            }
            (false, Value::String(s)) => Value::String(s.clone()),
            (false, _) => {
                complain(name, "Expected string".into());
                continue;
            }
        };
        let text = typed.as_str().unwrap_or("");
        let units = text.encode_utf16().count();
        match name.as_str() {
            "prompt" if units == 0 => complain(name, "String must contain at least 1 character(s)".into()),
            "prompt" if units > MAX_PROMPT => {
                complain(name, format!("String must contain at most {MAX_PROMPT} character(s)"));
            }
            "model" | "modelId" if units == 0 => {
                complain(name, "String must contain at least 1 character(s)".into())
            }
            "resolution" if !(1..=10).contains(&units) => {
                complain(name, "String must contain between 1 and 10 character(s)".into());
            }
            "aspect_ratio" if !ASPECT_RATIOS.contains(&text) => complain(
                name,
                format!("Invalid enum value. Expected {}, received '{text}'", ASPECT_RATIOS.join(" | ")),
            ),
            "output_format" if !OUTPUT_FORMATS.contains(&text) => {
                complain(name, format!("Invalid enum value. Expected jpeg | png | webp, received '{text}'"));
            }
            "quality" if !QUALITIES.contains(&text) => {
                complain(
                    name,
                    format!("Invalid enum value. Expected low | medium | high, received '{text}'"),
                );
            }
            "image_url" if !(text.starts_with("http://") || text.starts_with("https://")) => {
                complain(name, "Invalid url".into());
            }
            _ => {}
        }
        out.insert(name.clone(), typed);
    }
    if !errors.is_empty() {
        let first = errors.values().next().and_then(|v| v["_errors"][0].as_str()).unwrap_or("").to_owned();
        let mut f = Fail::invalid(errors);
        f.body["error"] = json!(format!("Invalid request parameters: {first}"));
        return Err(f);
    }
    Ok(out)
}

/// Turns every image input into bytes, recording each.
fn resolve_images(
    state: &State,
    op: Op,
    parsed: Parsed,
    rec: &mut RecordedRequest,
) -> Result<Vec<(String, Bytes)>, Fail> {
    let url_field = parsed.fields.get("image_url").and_then(Value::as_str).map(str::to_owned);
    let mut out = Vec::new();
    match op {
        Op::Edit if parsed.images.is_empty() => return Err(Fail::field("image", "Required")),
        Op::MultiEdit if parsed.images.is_empty() => {
            return Err(Fail::field("images", "Array must contain at least 1 element(s)"));
        }
        Op::BackgroundRemove if parsed.images.len() + usize::from(url_field.is_some()) != 1 => {
            return Err(Fail::invalid(Map::from_iter([(
                "_errors".to_owned(),
                json!(["Provide exactly one of image or image_url"]),
            )])));
        }
        _ => {}
    }
    if (op == Op::Edit || op == Op::MultiEdit) && !parsed.fields.contains_key("prompt") {
        return Err(Fail::field("prompt", "Required"));
    }
    if let Some(url) = url_field {
        let bytes = fetch(state, "image_url", &url)?;
        let mut r = RecordedImage::of("image_url", "url", &bytes);
        r.url = Some(url);
        rec.images.push(r);
        out.push(("image_url".to_owned(), bytes));
    }
    for (field, input) in parsed.images {
        let (bytes, record) = match input {
            ImageInput::File { bytes, content_type, filename } => {
                let mut r = RecordedImage::of(&field, "file", &bytes);
                r.part_content_type = content_type.clone();
                r.filename = filename;
                rec.images.push(r.clone());
                let ok = content_type.as_deref().is_some_and(|c| c.starts_with("image/"));
                if !ok {
                    return Err(Fail::field(
                        &field,
                        format!(
                            "Unsupported file type {:?}: file parts must carry the image's MIME type (image/png, image/jpeg, image/webp or image/gif)",
                            content_type.unwrap_or_default()
                        ),
                    ));
                }
                (bytes, None)
            }
            ImageInput::Text(raw) => {
                if raw.starts_with(b"http://") || raw.starts_with(b"https://") {
                    if op == Op::BackgroundRemove {
                        return Err(Fail::field("image", "image must be base64; send a URL as image_url"));
                    }
                    let url = String::from_utf8_lossy(&raw).into_owned();
                    let bytes = fetch(state, &field, &url)?;
                    let mut r = RecordedImage::of(&field, "url", &bytes);
                    r.url = Some(url);
                    (bytes, Some(r))
                } else {
                    // Base64 decodes from bytes: no UTF-8 pass over megabytes.
                    let (source, payload) = match raw.strip_prefix(b"data:") {
                        Some(rest) => {
                            let comma = rest.iter().position(|b| *b == b',').map_or(rest.len(), |i| i + 1);
                            ("data-url", &rest[comma..])
                        }
                        None => ("base64", &raw[..]),
                    };
                    let bytes = base64_simd::STANDARD
                        .decode_to_vec(payload.trim_ascii())
                        .map(Bytes::from)
                        .map_err(|_| Fail::field(&field, "CORRUPTED_IMAGE: the image is not valid base64"))?;
                    let r = RecordedImage::of(&field, source, &bytes);
                    (bytes, Some(r))
                }
            }
        };
        if let Some(r) = record {
            rec.images.push(r);
        }
        out.push((field, bytes));
    }
    Ok(out)
}

fn fetch(state: &State, field: &str, url: &str) -> Result<Bytes, Fail> {
    state
        .config
        .urls
        .get(url)
        .cloned()
        .ok_or_else(|| Fail::field(field, format!("Failed to fetch the image from {url}")))
}

fn check_model_rules(
    rules: &ModelRules,
    fields: &Map<String, Value>,
    prompt: &str,
    images: usize,
) -> Result<(), Fail> {
    let units = prompt.encode_utf16().count();
    if units > rules.prompt_limit {
        return Err(Fail::field(
            "prompt",
            format!("Prompt is {units} characters; {} allows at most {}", rules.id, rules.prompt_limit),
        ));
    }
    if images > rules.max_images {
        return Err(Fail::field(
            "images",
            format!("{images} images sent; {} takes at most {}", rules.id, rules.max_images),
        ));
    }
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    if let Some(ar) = text("aspect_ratio")
        && !rules.aspect_ratios.iter().any(|a| a == ar)
    {
        return Err(Fail::field(
            "aspect_ratio",
            format!(
                "{} does not support aspect ratio {ar}; it supports {}",
                rules.id,
                rules.aspect_ratios.join(", ")
            ),
        ));
    }
    if let Some(res) = text("resolution")
        && !rules.resolutions.iter().any(|r| r == res)
    {
        return Err(Fail::field(
            "resolution",
            format!(
                "{} does not support resolution {res}; it supports {}",
                rules.id,
                rules.resolutions.join(", ")
            ),
        ));
    }
    if let Some(q) = text("quality")
        && !rules.qualities.iter().any(|x| x == q)
    {
        let supported = if rules.qualities.is_empty() {
            "no quality setting".to_owned()
        } else {
            rules.qualities.join(", ")
        };
        return Err(Fail::field(
            "quality",
            format!("{} does not support quality {q}; it supports {supported}", rules.id),
        ));
    }
    Ok(())
}

async fn produce(
    state: &State,
    op: Op,
    rules: Option<&ModelRules>,
    fields: &Map<String, Value>,
    images: &[(String, Bytes)],
    inspected: &[imaging::Inspected],
) -> Result<(Bytes, OutputFormat), Fail> {
    let first = inspected.first().map_or((1024, 1024), |i| (i.width, i.height));
    let text = |k: &str| fields.get(k).and_then(Value::as_str).map(str::to_owned);
    let (size, format) = match (op, rules) {
        (Op::BackgroundRemove, _) | (_, None) => (first, OutputFormat::Png),
        (_, Some(rules)) => {
            let tier = text("resolution").unwrap_or_else(|| rules.default_resolution.clone());
            let keep_shape = op == Op::Edit && !rules.single_image_aspect_ratio;
            let size = imaging::output_size(first, text("aspect_ratio").as_deref(), &tier, keep_shape);
            let format = match text("output_format").as_deref() {
                Some("jpeg" | "jpg") => OutputFormat::Jpeg,
                Some("webp") => OutputFormat::Webp,
                Some(_) => OutputFormat::Png,
                None if tier == "1K" => OutputFormat::Png,
                None => OutputFormat::Jpeg,
            };
            (size, format)
        }
    };
    let inputs: Vec<Bytes> = images.iter().map(|(_, b)| b.clone()).collect();
    let decode = state.config.decode_pixels;
    if !decode {
        return Ok((imaging::synthetic(size, format, op == Op::BackgroundRemove), format));
    }
    let work = move || -> Result<Vec<u8>, ImageProblem> {
        match op {
            Op::Edit => imaging::edit(&inputs[0], size, format),
            Op::MultiEdit => {
                imaging::composite(&inputs.iter().map(|b| &b[..]).collect::<Vec<_>>(), size, format)
            }
            Op::BackgroundRemove => imaging::remove_background(&inputs[0]),
        }
    };
    let field = images.first().map_or("image".to_owned(), |(f, _)| f.clone());
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(bytes)) => Ok((Bytes::from(bytes), format)),
        Ok(Err(problem)) => Err(Fail::image(&field, &problem)),
        Err(_) => Err(Fail::new(500, "Inference processing failed")),
    }
}

fn into_response(reply: Reply, seq: u64) -> Response<Body> {
    let len = reply.body.len();
    let body: Body = if reply.truncate || reply.stall.is_some() {
        let half = len / 2;
        let first = reply.body.slice(..half);
        let rest = reply.body.slice(half..);
        let stall = reply.stall;
        let truncate = reply.truncate;
        let chunks = futures_util::stream::iter([0u8, 1u8]).then(move |i| {
            let (first, rest) = (first.clone(), rest.clone());
            async move {
                if i == 0 {
                    return Ok(Frame::data(first));
                }
                if let Some(d) = stall {
                    tokio::time::sleep(d).await;
                }
                if truncate {
                    // Let the head and the first half reach the client first.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "truncated on purpose"))
                } else {
                    Ok(Frame::data(rest))
                }
            }
        });
        BodyExt::boxed(http_body_util::StreamBody::new(chunks))
    } else {
        http_body_util::Full::new(reply.body).map_err(|never| match never {}).boxed()
    };
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(reply.content_type) {
        h.insert(CONTENT_TYPE, v);
    }
    h.insert(CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        "cf-ray",
        HeaderValue::from_str(&format!("{seq:016x}-MOCK")).unwrap_or(HeaderValue::from_static("0-MOCK")),
    );
    h.insert(
        "x-venice-version",
        HeaderValue::from_static(concat!("venice-mock-", env!("CARGO_PKG_VERSION"))),
    );
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(HeaderName::from_static(name), v);
        }
    }
    response
}
