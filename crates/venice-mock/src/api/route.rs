//! One request from arrival to answer: recorded as it arrives, an injected
//! fault applied (or the request let through), then routed: `GET /models`,
//! `GET /image/styles` (open, like the catalogue), the wallet routes, or an image operation through the [`pipeline`]; the
//! round trip waited and the answer recorded.

use std::collections::BTreeMap;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request, Response};
use tokio::sync::Notify;

use super::op::Op;
use super::{access, faults, generate, models, pipeline};
use crate::config::{Fault, FaultScope};
use crate::http::{Body, Fail, Reply, header, into_response};
use crate::state::State;
use crate::state::record::{RecordedRequest, SignInSeen, redacted_headers};
use crate::wallet;

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
            .and_then(|v| SignInSeen::read(&v)),
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
    into_response(reply, rec.seq)
}

/// Microseconds since `start`, saturating.
fn micros_since(start: std::time::Instant) -> u64 {
    u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX)
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
            // Read (and drop) the body first, as Venice's front end does: a
            // client still sending it reads the status instead of a
            // connection closed under it (which it would retry).
            rec.body_bytes = faults::read_up_to(req.into_body(), pipeline::DRAIN_LIMIT).await;
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
            pipeline::refuse_unread(req, rec, Fail::new(405, "Method not allowed")).await
        };
    }
    if path == "/api/v1/image/styles" {
        return if req.method() == Method::GET {
            generate::styles()
        } else {
            Reply::from_fail(Fail::new(405, "Method not allowed"))
        };
    }
    if let Some(reply) = wallet::route(&state.ledger, req.method(), &path, req.uri().query(), req.headers()) {
        // The wallet routes take no body: any sent is read and dropped.
        rec.body_bytes = faults::read_up_to(req.into_body(), 1024 * 1024).await;
        return reply;
    }
    let Some(op) = Op::at(&path) else {
        return pipeline::refuse_unread(req, rec, Fail::new(404, format!("No route for {path}"))).await;
    };
    if req.method() != Method::POST {
        return pipeline::refuse_unread(req, rec, Fail::new(405, "Method not allowed")).await;
    }
    let mut reply = pipeline::image_operation(state, op, req, rec).await;
    faults::after(fault.as_ref(), &mut reply);
    reply
}
