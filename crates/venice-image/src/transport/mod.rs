//! The one place that sends requests: every operation and `GET /models`
//! goes through [`Transport::execute`]. It signs a wallet's sign-in afresh
//! for every attempt (and holds a wallet to 5 requests in flight), and holds the per-attempt timeout,
//! the answer size caps, the retry loop with the pause shared by every clone
//! of the client, the retry hook, and the mapping of error answers to
//! [`Error`].
//!
//! Bodies are sent by this transport rather than by the generated client
//! because progenitor's builders send a body once: ours stream from disk and
//! are built again for every attempt.

pub(crate) mod http;
pub(crate) mod pacing;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod retry;
#[cfg(not(feature = "internals"))]
pub(crate) mod retry;
pub(crate) mod tls;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, IF_NONE_MATCH};

use crate::auth::Credentials;
use crate::error::{ApiFailure, Error};
use crate::limits::MAX_ERROR_BODY;
use crate::request::call::Body;
use crate::request::source::{self, CheckedImage};
use crate::support::human;
use crate::support::random::unit;
use crate::transport::pacing::Pacer;
use crate::transport::pacing::Slot;
use crate::transport::retry::{Decision, RetryEvent, RetryPolicy, Verdict, server_wait, should_retry_header};

/// Called before each retry.
pub(crate) type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// One request, as the transport sends it (again for each attempt).
pub(crate) struct Outgoing<'a> {
    /// `/image/edit`, `/models?type=inpaint`: appended to the base URL.
    pub path: &'a str,
    /// The body of a `POST`; a `GET` without.
    pub body: Option<&'a Body>,
    /// Local files the body streams, checked unchanged before each attempt.
    pub inputs: &'a [CheckedImage],
    /// Whether the request needs the credential (the model list does not).
    pub needs_auth: bool,
    /// A `GET` made conditional on this `ETag`: a `304 Not Modified` is
    /// then an answer ([`Answer::not_modified`]), not an error.
    pub if_none_match: Option<&'a str>,
}

/// A successful answer.
pub(crate) struct Answer {
    pub bytes: Bytes,
    pub headers: HeaderMap,
    pub attempts: u32,
    /// A `304` to a conditional `GET`: what the caller holds is current.
    pub not_modified: bool,
}

/// What a wallet call adds to a request (none for the image calls).
#[derive(Default)]
pub(crate) struct Extra {
    /// Headers sent on every attempt (a payment, the same each time).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// A status read as an answer rather than an error (the 402 that
    /// carries the top-up requirements).
    pub accept: Option<u16>,
    /// One attempt only: the caller decides what a failure means.
    pub once: bool,
}

/// A point in time before which no request starts, shared by every clone
/// of a client.
#[derive(Default)]
struct Pause(Mutex<Option<Instant>>);

impl Pause {
    /// Waits out the pause; a pause longer than `cap` (set, or extended by
    /// another call, while this one waits) is not waited for: what is
    /// left of it comes back.
    async fn wait(&self, cap: Duration) -> Result<(), Duration> {
        loop {
            let until = *self.0.lock().unwrap_or_else(PoisonError::into_inner);
            match until.and_then(|u| u.checked_duration_since(Instant::now())) {
                Some(d) if d > cap => return Err(d),
                Some(d) if !d.is_zero() => tokio::time::sleep(d).await,
                _ => return Ok(()),
            }
        }
    }

    /// How long the pause still holds.
    fn remaining(&self) -> Option<Duration> {
        let until = *self.0.lock().unwrap_or_else(PoisonError::into_inner);
        until.and_then(|u| u.checked_duration_since(Instant::now())).filter(|d| !d.is_zero())
    }

    fn extend(&self, wait: Duration) {
        let mut until = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(new) = Instant::now().checked_add(wait) else { return };
        if until.is_none_or(|u| u < new) {
            *until = Some(new);
        }
    }
}

/// Whether a request is signed, and by a wallet.
#[derive(Clone, Copy)]
struct Signing {
    signs: bool,
    wallet: bool,
}

/// What an attempt's outcome means.
enum Read {
    Answer(Answer),
    /// Ends the call whatever the policy says.
    Final(Error),
    Failed(Failed),
}

/// An attempt that failed, for the policy to decide on.
struct Failed {
    err: Error,
    status: Option<u16>,
    verdict: Verdict,
}

/// What one attempt gave.
enum Outcome {
    Success { bytes: Bytes, headers: HeaderMap, not_modified: bool },
    Status { status: u16, headers: HeaderMap, body: Bytes },
    Transport(reqwest::Error),
    TooLarge,
}

/// How a transport sends: the credential, the per-attempt timeout, the
/// retry policy and its hook, the largest answer read.
pub(crate) struct Rules {
    pub credentials: Option<Credentials>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub on_retry: Option<RetryHook>,
    pub max_response_bytes: u64,
}

/// Sends requests with retries; see the module docs.
pub(crate) struct Transport {
    pub http: http::LazyHttp,
    pub base_url: String,
    pub credentials: Option<Credentials>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub on_retry: Option<RetryHook>,
    pub max_response_bytes: u64,
    pause: Pause,
    pacer: Pacer,
    /// A wallet's places in flight (the service allows 5 per wallet).
    wallet_slots: Option<tokio::sync::Semaphore>,
}

impl Transport {
    /// A transport for `http` at `base_url`, sending as `rules` say.
    pub(crate) fn new(http: http::LazyHttp, base_url: String, rules: Rules) -> Self {
        let Rules { credentials, timeout, retry, on_retry, max_response_bytes } = rules;
        Self {
            http,
            base_url,
            timeout,
            retry,
            on_retry,
            max_response_bytes,
            pause: Pause::default(),
            pacer: Pacer::default(),
            wallet_slots: credentials
                .as_ref()
                .and_then(Credentials::wallet)
                .map(|_| tokio::sync::Semaphore::new(crate::auth::signer::MAX_WALLET_IN_FLIGHT)),
            credentials,
        }
    }

    /// The full URL of `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends `req`, retrying as the policy says, until a 200 whose body was
    /// read whole within the cap, or an error.
    pub(crate) async fn execute(&self, req: &Outgoing<'_>) -> Result<Answer, Error> {
        self.execute_with(req, &Extra::default()).await
    }

    /// [`Transport::execute`] with a wallet call's extras: a loop of named
    /// steps (wait for the pause and a place in the key's window, send one
    /// attempt, read its outcome, hold the clones if the service asks) in
    /// which the [`RetryPolicy`] decides whether and when to try again.
    pub(crate) async fn execute_with(&self, req: &Outgoing<'_>, extra: &Extra) -> Result<Answer, Error> {
        let signing = self.signing(req)?;
        source::check_unchanged(req.inputs)?;
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let slot = self.admit(req, attempt).await?;
            let outcome = self.send_once(req, extra, signing, attempt).await?;
            if let (Some(slot), Outcome::Success { headers, .. } | Outcome::Status { headers, .. }) =
                (&slot, &outcome)
            {
                self.pacer.observe(headers, slot.generation, Instant::now(), SystemTime::now());
            }
            drop(slot);
            let failed = match self.read_outcome(outcome, extra, signing, attempt, started) {
                Read::Answer(answer) => return Ok(answer),
                Read::Final(e) => return Err(e),
                Read::Failed(failed) => failed,
            };
            self.hold_clones_if_asked(&failed);
            let once = extra.once;
            let wait = match self.retry.decide(&failed.verdict, attempt, started.elapsed(), once, unit()) {
                Decision::GiveUp => return Err(failed.err),
                Decision::Hold(wait) => return Err(with_wait(failed.err, wait)),
                Decision::RetryIn(wait) => wait,
            };
            if failed.status == Some(429) && failed.verdict.asked.is_none() {
                // No wait given: the backoff holds the clones too.
                self.pause.extend(wait);
            }
            self.emit(RetryEvent {
                attempt,
                wait,
                server_asked: failed.verdict.asked.is_some(),
                status: failed.status,
                reason: failed.err.to_string(),
            });
            tokio::time::sleep(wait).await;
            source::check_unchanged(req.inputs)?;
        }
    }

    /// Whether `req` is signed, and with a wallet. Only a request that needs
    /// the credential is signed (a wallet's sign-in costs a nonce; the model
    /// list needs none).
    fn signing(&self, req: &Outgoing<'_>) -> Result<Signing, Error> {
        if self.credentials.is_none() && req.needs_auth {
            return Err(Error::MissingCredentials);
        }
        let signs = req.needs_auth || self.credentials.as_ref().is_some_and(|c| c.wallet().is_none());
        let wallet = signs && self.credentials.as_ref().is_some_and(|c| c.wallet().is_some());
        Ok(Signing { signs, wallet })
    }

    /// Waits until attempt `attempt` may be sent: the shared pause (a wait
    /// the service asked for, longer than the policy sleeps, returns at
    /// once rather than sending against it), then a place in the key's
    /// window for a call that carries the key, then the pause once more (a
    /// long wait may have been asked for meanwhile).
    async fn admit(&self, req: &Outgoing<'_>, attempt: u32) -> Result<Option<Slot<'_>>, Error> {
        let cap = self.retry.max_server_wait;
        self.refuse_long_pause(attempt)?;
        if let Err(left) = self.pause.wait(cap).await {
            return Err(paused(left, attempt - 1));
        }
        let slot = match req.needs_auth {
            true => match self.pacer.acquire(cap).await {
                Ok(slot) => Some(slot),
                Err(wait) => return Err(paused(wait, attempt - 1)),
            },
            false => None,
        };
        self.refuse_long_pause(attempt)?;
        Ok(slot)
    }

    /// An error when the pause holds longer than the policy sleeps.
    fn refuse_long_pause(&self, attempt: u32) -> Result<(), Error> {
        match self.pause.remaining() {
            Some(left) if left > self.retry.max_server_wait => Err(paused(left, attempt - 1)),
            _ => Ok(()),
        }
    }

    /// Sends one attempt: a wallet's place in flight, a header signed for
    /// this attempt only (a wallet's nonce is spent by the service on
    /// first use), the request.
    async fn send_once(
        &self,
        req: &Outgoing<'_>,
        extra: &Extra,
        signing: Signing,
        attempt: u32,
    ) -> Result<Outcome, Error> {
        tracing::debug!(attempt, path = req.path, bytes = req.body.map(Body::len), "sending");
        let in_flight = match (&self.wallet_slots, signing.wallet) {
            (Some(slots), true) => slots.acquire().await.ok(),
            _ => None,
        };
        let auth = match &self.credentials {
            Some(c) if signing.signs => Some(c.header()?),
            _ => None,
        };
        let http = self.http.get()?;
        let outcome = self.attempt(http, req, auth.as_ref(), extra).await;
        drop(in_flight);

        Ok(outcome)
    }

    /// What an attempt's outcome means: an answer, an error that ends the
    /// call whatever the policy says, or a failure the policy decides on.
    fn read_outcome(
        &self,
        outcome: Outcome,
        extra: &Extra,
        signing: Signing,
        attempt: u32,
        started: Instant,
    ) -> Read {
        let (err, status, headers) = match outcome {
            Outcome::Success { bytes, headers, not_modified } => {
                return Read::Answer(Answer { bytes, headers, attempts: attempt, not_modified });
            }
            Outcome::Status { status, headers, body } if extra.accept == Some(status) => {
                return Read::Answer(Answer { bytes: body, headers, attempts: attempt, not_modified: false });
            }
            Outcome::Status { status, headers, body } => {
                let e = crate::error::body::refine_unauthorized(
                    status_error(status, &headers, &body, attempt),
                    signing.wallet,
                );
                (e, Some(status), Some(headers))
            }
            Outcome::Transport(e) if e.is_timeout() => {
                (Error::Timeout { attempts: attempt, elapsed: started.elapsed() }, None, None)
            }
            Outcome::Transport(e) => (Error::Transport { attempts: attempt, source: e }, None, None),
            Outcome::TooLarge => return Read::Final(self.too_large()),
        };
        let asked = headers.as_ref().and_then(|h| server_wait(h, SystemTime::now()));
        let retryable = headers.as_ref().and_then(should_retry_header).unwrap_or_else(|| err.is_retryable());
        Read::Failed(Failed { err, status, verdict: Verdict { retryable, asked } })
    }

    /// A wait the service asks for holds every clone of the client, whether
    /// or not this call is retried (no retries left, or `x-should-retry:
    /// false`, must not let the next call through).
    fn hold_clones_if_asked(&self, failed: &Failed) {
        if let Some(wait) = failed.verdict.asked
            && (failed.status == Some(429)
                || (failed.status == Some(503) && wait > self.retry.max_server_wait))
        {
            self.pause.extend(wait);
        }
    }

    fn too_large(&self) -> Error {
        Error::InvalidResponse {
            message: format!(
                "the answer is larger than {}; refusing to read it",
                human::megabytes(self.max_response_bytes)
            ),
            request_id: None,
        }
    }

    async fn attempt(
        &self,
        http: &reqwest::Client,
        req: &Outgoing<'_>,
        auth: Option<&(&'static str, HeaderValue)>,
        extra: &Extra,
    ) -> Outcome {
        let url = self.url(req.path);
        let mut request = match req.body {
            Some(body) => http
                .post(url)
                .header(CONTENT_TYPE, body.content_type())
                .header(CONTENT_LENGTH, body.len())
                .body(body.to_reqwest()),
            None => http.get(url),
        };
        request = request.timeout(self.timeout);
        if let Some((name, value)) = auth {
            request = request.header(*name, value.clone());
        }
        if let Some(tag) = req.if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        for (name, value) in &extra.headers {
            request = request.header(name.clone(), value.clone());
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Transport(e),
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        tracing::debug!(status, "answered");
        let not_modified = status == 304 && req.if_none_match.is_some();
        if status == 200 || not_modified {
            match read_limited(response, self.max_response_bytes).await {
                Ok(bytes) => Outcome::Success { bytes, headers, not_modified },
                Err(o) => o,
            }
        } else {
            let body = read_limited(response, MAX_ERROR_BODY).await.unwrap_or_default();
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
        if let Some(hook) = &self.on_retry {
            hook(&event);
        }
    }
}

/// Reads a body, refusing one over `limit` (declared or actual).
async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Bytes, Outcome> {
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

/// The request id (`CF-RAY`) of an answer.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("cf-ray").and_then(|v| v.to_str().ok()).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The error for a call not sent because the service asked every request
/// of this client to wait longer than the policy sleeps.
fn paused(left: Duration, attempts: u32) -> Error {
    let failure = ApiFailure {
        status: 429,
        message: "not sent: the service asked this client to hold off".to_owned(),
        details: None,
        request_id: None,
        attempts,
        retry_after: Some(left),
        advice: Box::default(),
    };
    Error::RateLimited { failure, retry_after: Some(left) }
}

/// A wait the policy would not sleep, carried in the error.
fn with_wait(err: Error, wait: Duration) -> Error {
    match err {
        Error::RateLimited { failure, .. } => Error::RateLimited { failure, retry_after: Some(wait) },
        Error::Server(mut f) => {
            f.message = format!("{}; the service asks to wait {}", f.message, human::duration(wait));
            Error::Server(f)
        }
        other => other,
    }
}

/// Maps an error answer to an [`Error`], reading the service's message from
/// its JSON body (the generated merged error type) or describing a non-JSON one.
pub(crate) fn status_error(status: u16, headers: &HeaderMap, body: &[u8], attempts: u32) -> Error {
    let (mut message, details, advice) = match crate::error::body::read(body) {
        Some(e) => (e.message.unwrap_or_else(|| format!("HTTP {status}")), e.details, Box::new(e.advice)),
        None => {
            let text = String::from_utf8_lossy(&body[..body.len().min(200)]).trim().to_owned();
            let message = if text.starts_with('<') {
                format!("the service (or a proxy in front of it) answered {status} with an HTML page")
            } else if text.is_empty() {
                format!("HTTP {status} with no body")
            } else {
                format!("HTTP {status}: {text}")
            };
            (message, None, Box::default())
        }
    };
    if status == 404 {
        message = format!("{message}; check the base URL (it must end in /api/v1)");
    }
    let retry_after = server_wait(headers, SystemTime::now());
    if (300..400).contains(&status) {
        let location = headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("(no location)");
        return Error::InvalidResponse {
            message: format!(
                "the API answered {status}, redirecting to {location}; requests are not followed \
                 (a redirect would drop the key or resend the upload): set the base URL to the final address"
            ),
            request_id: request_id(headers),
        };
    }
    let request_id = request_id(headers);
    let failure = ApiFailure { status, message, details, request_id, attempts, retry_after, advice };
    match status {
        400 | 404 | 405 => Error::Rejected(failure),
        401 | 403 => Error::Unauthorized(failure),
        402 => crate::error::body::on_402(failure, headers, body),
        413 => Error::PayloadTooLarge(failure),
        415 => Error::UnsupportedMediaType(failure),
        422 => Error::ContentPolicy(failure),
        429 => Error::RateLimited { failure, retry_after },
        408 | 500..=599 => Error::Server(failure),
        _ => Error::Rejected(failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::retry::tests::headers;

    #[test]
    fn error_answers_become_typed_errors_with_the_request_id() {
        let h = headers(&[("cf-ray", "8f00-AMS"), ("retry-after", "3")]);
        let e = status_error(429, &h, br#"{"error":"Rate limit exceeded"}"#, 2);
        match &e {
            Error::RateLimited { failure, retry_after } => {
                assert_eq!(failure.message, "Rate limit exceeded");
                assert_eq!(failure.request_id.as_deref(), Some("8f00-AMS"));
                assert_eq!(failure.attempts, 2);
                assert_eq!(*retry_after, Some(Duration::from_secs(3)));
            }
            other => panic!("{other:?}"),
        }
        let html = status_error(502, &HeaderMap::new(), b"<html>Bad gateway</html>", 1);
        assert!(matches!(&html, Error::Server(f) if f.message.contains("HTML page")), "{html}");
        let missing = status_error(404, &HeaderMap::new(), b"", 1);
        assert!(missing.to_string().contains("check the base URL"), "{missing}");
        let details =
            status_error(400, &HeaderMap::new(), br#"{"error":"bad","details":{"prompt":"long"}}"#, 1);
        assert!(
            matches!(&details, Error::Rejected(f) if f.details.as_deref() == Some(r#"{"prompt":"long"}"#))
        );
    }

    #[test]
    fn a_wait_over_the_cap_is_carried_in_the_error() {
        let e = status_error(429, &HeaderMap::new(), b"{}", 1);
        let e = with_wait(e, Duration::from_secs(3600));
        assert!(e.to_string().ends_with("the service asks to wait 1 h 0 min"), "{e}");
    }

    #[tokio::test]
    async fn a_pause_extended_past_the_cap_while_waiting_is_not_waited_for() {
        let p = std::sync::Arc::new(Pause::default());
        p.extend(Duration::from_millis(200));
        let waiting = tokio::spawn({
            let p = p.clone();
            async move { p.wait(Duration::from_secs(60)).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        p.extend(Duration::from_secs(3600));
        let left = waiting.await.unwrap().unwrap_err();
        assert!(left > Duration::from_secs(3000), "the hour comes back instead of being slept: {left:?}");
    }

    #[tokio::test]
    async fn the_pause_only_grows() {
        let p = Pause::default();
        p.extend(Duration::from_millis(30));
        let first = *p.0.lock().unwrap();
        p.extend(Duration::from_millis(1));
        assert_eq!(*p.0.lock().unwrap(), first, "a shorter pause does not shorten a longer one");
        p.wait(Duration::from_secs(1)).await.unwrap();
        assert!(first.is_some_and(|f| Instant::now() >= f));
    }
}
