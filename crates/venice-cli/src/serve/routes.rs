//! The routes: `POST /v1/images/edits`, `POST /v1/images/generations`,
//! `GET /v1/models`, `GET /healthz`, `GET /metrics`, and `GET
//! /results/<id>` (the links of `url` answers). Access comes first: every
//! route but `/healthz` and the links needs the token, checked before a
//! byte of the body is read; then the edit's form or the generation's JSON
//! is read (within [`BODY_TIMEOUT`], each image within its size limit),
//! checked, matched against the calls in flight and kept (never paid twice
//! for a retry), and made on its own task, so that a client that gives up
//! does not waste what was paid for.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::serve::app::{App, OPENAI_MODELS};
use crate::serve::calls::{Answer, Claim, Key, Slot};
use crate::serve::error::ApiError;
use crate::serve::form::{self, Form, MAX_IMAGE_BYTES, MAX_IMAGES};

/// How long a request's body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(120);

/// The server's routes over `app`.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/images/edits", post(edits))
        .route("/v1/images/generations", post(generations))
        .route("/v1/models", get(models))
        .route("/healthz", get(|| async { axum::Json(json!({"status": "ok"})) }))
        .route("/metrics", get(metrics))
        .route("/results/{id}", get(result))
        .fallback(|| async { ApiError::not_found("this route") })
        .layer(DefaultBodyLimit::max(MAX_IMAGES * MAX_IMAGE_BYTES + 1024 * 1024))
        .layer(middleware::from_fn_with_state(app.clone(), access))
        .with_state(app)
}

/// The route's name in the metrics.
fn route_name(path: &str) -> &'static str {
    match path {
        "/v1/images/edits" => "edits",
        "/v1/images/generations" => "generations",
        "/v1/models" => "models",
        "/healthz" => "healthz",
        "/metrics" => "metrics",
        p if p.starts_with("/results/") => "results",
        _ => "other",
    }
}

/// The token check (before anything else), and the request's count.
async fn access(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let route = route_name(request.uri().path());
    let open = matches!(route, "healthz" | "results");
    let response = if open || authorized(&app, request.headers()) {
        app.metrics.in_flight_requests.fetch_add(1, Ordering::Relaxed);
        let response = next.run(request).await;
        app.metrics.in_flight_requests.fetch_sub(1, Ordering::Relaxed);
        response
    } else {
        ApiError::unauthorized().into_response()
    };
    app.metrics.request(route, response.status().as_u16());
    response
}

/// Whether the request carries the server's token (compared in constant time).
fn authorized(app: &App, headers: &HeaderMap) -> bool {
    let Some(token) = &app.config.token else { return true };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .unwrap_or_default()
        .trim();
    given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn edits(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let multipart = match multipart {
        Ok(m) => m,
        Err(r) => return ApiError::body(r.status(), r.body_text()).into_response(),
    };
    let form = match tokio::time::timeout(BODY_TIMEOUT, form::read(multipart)).await {
        Ok(Ok(form)) => form,
        Ok(Err(e)) => return e.into_response(),
        Err(_) => {
            return ApiError::body(StatusCode::REQUEST_TIMEOUT, "the request's body came too slowly")
                .into_response();
        }
    };
    let params = match form.params() {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let base = base_url(&app, &headers);
    let key = identity(&app, &headers, "edits", &form);
    made(app, key, is_retry(&headers), move |app| async move {
        app.edit(params, form.images, form.mask, base).await
    })
    .await
}

async fn generations(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let body =
        match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, form::MAX_JSON_BYTES)).await {
            Ok(Ok(body)) => body,
            Ok(Err(_)) => {
                let limit = form::MAX_JSON_BYTES / 1024;
                return ApiError::body(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is over {limit} KB"))
                    .into_response();
            }
            Err(_) => {
                return ApiError::body(StatusCode::REQUEST_TIMEOUT, "the request's body came too slowly")
                    .into_response();
            }
        };
    let form = match form::from_json(&body) {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    let params = match form.generation_params() {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let base = base_url(&app, &headers);
    let key = identity(&app, &headers, "generations", &form);
    made(app, key, is_retry(&headers), move |app| async move { app.generate(params, base).await }).await
}

/// The call known by `key`: joined, answered from what was kept, or made
/// by `make` on its own task (so that a client that gives up does not
/// waste what was paid for).
async fn made<F, Fut>(app: Arc<App>, key: Key, retry: bool, make: F) -> Response
where
    F: FnOnce(Arc<App>) -> Fut,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let slot = match app.calls.claim(key, retry) {
        Claim::Existing(slot) => {
            app.metrics.joined.fetch_add(1, Ordering::Relaxed);
            slot
        }
        Claim::New(slot) => {
            let task_slot = slot.clone();
            let making = std::panic::AssertUnwindSafe(make(app.clone())).catch_unwind();
            tokio::spawn(async move {
                let answer = making.await.unwrap_or_else(|_| {
                    Err(ApiError::unavailable("the call failed inside the server; try again", Some(1)))
                });
                task_slot.finish(answer);
            });
            slot
        }
    };
    let answer = slot.wait().await;
    match &*answer {
        Ok(body) => delivering(body.clone(), slot),
        Err(e) => e.clone().into_response(),
    }
}

/// The JSON answer; the slot learns that it was delivered once the body has
/// been taken whole.
fn delivering(body: Bytes, slot: Arc<Slot>) -> Response {
    let tail = futures_util::stream::once(async move { slot.delivered() })
        .filter_map(|()| std::future::ready(None::<Result<Bytes, Infallible>>));
    let stream = futures_util::stream::iter([Ok::<_, Infallible>(body)]).chain(tail);
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A request's identity: token, route, every field, the images' bytes
/// (hashed), and its `Idempotency-Key`.
fn identity(app: &App, headers: &HeaderMap, route: &str, form: &Form) -> Key {
    let mut h = Sha256::new();
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(app.config.token.as_deref().unwrap_or_default().as_bytes());
    part(route.as_bytes());
    for (name, value) in &form.fields {
        part(name.as_bytes());
        part(value.as_bytes());
    }
    for image in form.images.iter().chain(&form.mask) {
        part(&image.sha256);
    }
    part(headers.get("idempotency-key").map_or(&b""[..], HeaderValue::as_bytes));
    h.finalize().into()
}

/// Whether the request says it is a retry.
fn is_retry(headers: &HeaderMap) -> bool {
    let count = headers.get("x-stainless-retry-count").and_then(|v| v.to_str().ok());
    count.and_then(|c| c.trim().parse::<u32>().ok()).is_some_and(|c| c > 0)
        || headers.contains_key("idempotency-key")
}

/// The start of this server's links: `--public-url`, else the request's Host.
fn base_url(app: &App, headers: &HeaderMap) -> String {
    if let Some(url) = &app.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| {
        !h.is_empty()
            && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
    });
    format!("http://{}", host.unwrap_or("localhost"))
}

/// OpenAI's model list: Venice's edit models, its generation models, then
/// the names this server maps to them.
async fn models(State(app): State<Arc<App>>) -> Response {
    let catalogue = match app.core.client.models().await {
        Ok(c) => c,
        Err(e) => {
            return ApiError::from_call(&crate::engine::CallError::from(e), &app.redactor).into_response();
        }
    };
    let model = |id: &str, owner: &str| json!({"id": id, "object": "model", "created": 0, "owned_by": owner});
    let mut ids: Vec<String> =
        catalogue.models().iter().filter(|m| !m.offline).map(|m| m.id.clone()).collect();
    // The generation models too, when the service lists them.
    if let Ok(generators) = app.core.client.generation_models().await {
        ids.extend(
            generators.iter().filter(|g| !ids.contains(&g.id)).map(|g| g.id.clone()).collect::<Vec<_>>(),
        );
    }
    let mut data: Vec<_> = ids.iter().map(|id| model(id, "venice")).collect();
    let aliases = app.config.aliases.keys().map(String::as_str).chain(OPENAI_MODELS.iter().copied());
    data.extend(aliases.map(|a| model(a, "venice-serve")));
    axum::Json(json!({"object": "list", "data": data})).into_response()
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    let text = app.metrics.render(app.daily.spent());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

async fn result(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match app.results.get(&id) {
        Some((bytes, content_type)) => ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        None => ApiError::not_found("this result (links work for an hour)").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_is_known_by_its_marks() {
        let mut h = HeaderMap::new();
        assert!(!is_retry(&h));
        h.insert("x-stainless-retry-count", HeaderValue::from_static("0"));
        assert!(!is_retry(&h));
        h.insert("x-stainless-retry-count", HeaderValue::from_static("2"));
        assert!(is_retry(&h));
    }
}
