//! Answering requests the way the service does: routing, and the pipeline
//! every image request goes through, one stage per module.
//!
//! The order of checks for the image endpoints, which decides which refusal
//! a request with several problems gets:
//!
//! 1. an injected fault, scripted or random ([`faults`]); a status fault on
//!    an image endpoint carries the caller's window headers, uncounted;
//! 2. auth (401), the key's lock-out (429), the rate limit (429) ([`access`]);
//! 3. content type (415), body size (413), body syntax (400) ([`body`]);
//! 4. closed object, field types and general bounds (400) ([`fields`]);
//! 5. required inputs, image resolution and image bounds (400) ([`images`]);
//! 6. the model's rules (400; for an upscale, the output bound, see
//!    [`upscale`]), content policy (422), balance (402), then the operation
//!    itself ([`operation`]).
//!
//! Every refusal from stage 3 on that is a client error other than 429
//! counts towards the key's lock-out. `GET /models` is open: no auth, no
//! rate limit, with `Cache-Control` and an `ETag` ([`models`]). With
//! [`MockConfig::rtt`](crate::MockConfig::rtt), every answer waits a round
//! trip before it leaves.

mod access;
mod body;
mod faults;
mod fields;
mod images;
mod models;
mod operation;
mod reply;
mod upscale;
mod x402;

use std::collections::BTreeMap;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request, Response};
use tokio::sync::Notify;

pub use body::MAX_JSON_BYTES;
pub(crate) use reply::Body;

use crate::config::{Fault, FaultScope};
use crate::record::{RecordedRequest, redacted_headers};
use crate::state::State;
use reply::{Fail, Reply};

/// The image operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Edit,
    MultiEdit,
    BackgroundRemove,
    Upscale,
}

impl Op {
    /// The operation served at `path`, if any.
    fn at(path: &str) -> Option<Self> {
        match path {
            "/api/v1/image/edit" => Some(Op::Edit),
            "/api/v1/image/multi-edit" => Some(Op::MultiEdit),
            "/api/v1/image/background-remove" => Some(Op::BackgroundRemove),
            "/api/v1/image/upscale" => Some(Op::Upscale),
            _ => None,
        }
    }

    /// The body field that carries the image(s).
    fn image_field(self) -> &'static str {
        match self {
            Op::MultiEdit => "images",
            Op::Edit | Op::BackgroundRemove | Op::Upscale => "image",
        }
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
        sign_in: ["sign-in-with-x", "x-sign-in-with-x"]
            .iter()
            .find_map(|h| header(req.headers(), h))
            .and_then(|v| crate::record::SignInSeen::read(&v)),
        arrived_us: micros_since(state.started),
        answered_us: 0,
    };
    let reply = process(&state, req, &kill, &mut rec).await;
    if !state.config.rtt.is_zero() {
        // The answer's way back (and the request's way there).
        tokio::time::sleep(state.config.rtt).await;
    }
    rec.status = reply.status.as_u16();
    rec.answered_us = micros_since(state.started);
    state.record(rec.clone());
    reply::into_response(reply, rec.seq)
}

/// Microseconds since `start`, saturating.
fn micros_since(start: std::time::Instant) -> u64 {
    u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// A header's value, when it is text.
fn header(h: &hyper::HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Applies the fault for this request, if any, then routes it.
async fn process(state: &State, req: Request<Incoming>, kill: &Notify, rec: &mut RecordedRequest) -> Reply {
    let fault = state.take_fault_for(req.uri().path());
    rec.fault = fault.as_ref().map(Fault::name);
    let path = req.uri().path().to_owned();
    match faults::before(fault.as_ref()).await {
        faults::Before::Answer(mut reply, from_service) => {
            if from_service && FaultScope::Images.matches(&path) {
                reply.headers.extend(access::window_headers(state, req.headers()));
            }
            return reply;
        }
        faults::Before::Reset => {
            rec.body_bytes = faults::read_some(req.into_body()).await;
            kill.notify_one();
            // The connection task drops this future with the connection.
            return std::future::pending().await;
        }
        faults::Before::Hang => {
            rec.body_bytes = faults::read_all(req.into_body()).await;
            rec.status = 0;
            state.record(rec.clone());
            // Until the client gives up and the connection task ends.
            return std::future::pending().await;
        }
        faults::Before::Proceed => {}
    }

    if path == "/api/v1/models" {
        return if req.method() == Method::GET {
            models::list(state, req.uri().query(), req.headers())
        } else {
            Reply::from_fail(Fail::new(405, "Method not allowed"))
        };
    }
    if let Some(reply) = x402::route(state, req.method(), &path, req.uri().query(), req.headers()) {
        return reply;
    }
    let Some(op) = Op::at(&path) else {
        return Reply::from_fail(Fail::new(404, format!("No route for {path}")));
    };
    if req.method() != Method::POST {
        return Reply::from_fail(Fail::new(405, "Method not allowed"));
    }
    let mut reply = image_operation(state, op, req, rec).await;
    faults::after(fault.as_ref(), &mut reply);
    reply
}

/// Admits the caller, runs the pipeline, counts a failure towards the
/// lock-out when it should, and adds the rate-limit headers.
async fn image_operation(state: &State, op: Op, req: Request<Incoming>, rec: &mut RecordedRequest) -> Reply {
    let path = req.uri().path().to_owned();
    let caller = match access::admit(state, req.headers(), &path) {
        Ok(c) => c,
        Err(fail) => return Reply::from_fail(fail),
    };
    if req.headers().keys().any(|h| ["payment-signature", "x-402-payment", "x-payment"].contains(&h.as_str()))
    {
        let mut f = Fail::new(400, "A payment header is not accepted here; top up at /api/v1/x402/top-up");
        f.body["code"] = serde_json::json!("PAYMENT_HEADER_NOT_ACCEPTED");
        return Reply::from_fail(f);
    }
    let mut reply = match run(state, op, req, rec, &caller).await {
        Ok(reply) => reply,
        Err(fail) => {
            if fail.counts {
                state.record_failure(&caller.key);
            }
            Reply::from_fail(fail)
        }
    };
    reply.headers.extend(access::rate_headers(caller.rate, state.config.rate_reset));
    reply
}

/// Stages 3 to 6 for an admitted request.
async fn run(
    state: &State,
    op: Op,
    req: Request<Incoming>,
    rec: &mut RecordedRequest,
    caller: &access::Caller<'_>,
) -> Result<Reply, Fail> {
    let path = req.uri().path().to_owned();
    let content_type = header(req.headers(), "content-type").unwrap_or_default();
    let parsed = body::read(op, &content_type, req.into_body(), &mut rec.body_bytes).await?;
    for (k, v) in &parsed.fields {
        rec.fields.insert(k.clone(), v.clone());
    }
    fields::check_fields(op, &parsed)?;
    let fields = fields::typed_fields(&parsed)?;
    let images = images::resolve(state, op, parsed, &mut rec.images)?;
    let inspected = images::inspect(&images)?;

    let plan = match op {
        Op::Upscale => upscale::plan(state, &fields, &inspected)?,
        _ => operation::plan(state, op, &fields, images.len())?,
    };
    operation::check_policy(state, &fields)?;
    let payer = operation::Payer { wallet: caller.wallet.as_deref(), path: &path, seq: rec.seq };
    operation::check_balance(state, &payer, plan.price)?;
    operation::perform(state, &payer, op, plan, &fields, &images, &inspected).await
}
