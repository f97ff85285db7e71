//! The image pipeline, stage by stage, for a request routed to an image
//! operation: the caller admitted ([`access`]), then the body, the fields,
//! the images, the plan, the policy, the balance and the operation itself.
//! Refusals that count towards the lock-out are counted here, and every
//! answer to an admitted caller carries its rate-limit headers.

use hyper::Request;
use hyper::body::Incoming;

use super::op::Op;
use super::{access, body, fields, generate, images, operation, upscale};
use crate::http::{Fail, Reply, header};
use crate::state::State;
use crate::state::record::RecordedRequest;

/// Admits the caller, runs the pipeline, counts a failure towards the
/// lock-out when it should, and adds the rate-limit headers.
pub(super) async fn image_operation(
    state: &State,
    op: Op,
    req: Request<Incoming>,
    rec: &mut RecordedRequest,
) -> Reply {
    let path = req.uri().path().to_owned();
    let caller = match access::admit(state, req.headers(), &path) {
        Ok(c) => c,
        Err(fail) => return refuse_unread(req, rec, fail).await,
    };
    if req.headers().keys().any(|h| ["payment-signature", "x-402-payment", "x-payment"].contains(&h.as_str()))
    {
        let mut f = Fail::new(400, "A payment header is not accepted here; top up at /api/v1/x402/top-up");
        f.body["code"] = serde_json::json!("PAYMENT_HEADER_NOT_ACCEPTED");
        return refuse_unread(req, rec, f).await;
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

/// Most of a refused request's body read (and dropped) before the answer.
pub(super) const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// A refusal before the body was read: the body is read first (and
/// discarded, up to [`DRAIN_LIMIT`]), so that a client still sending it
/// (Node's `fetch` does) reads the status instead of failing with EPIPE
/// on a connection closed under it.
pub(super) async fn refuse_unread(req: Request<Incoming>, rec: &mut RecordedRequest, fail: Fail) -> Reply {
    rec.body_bytes = super::faults::read_up_to(req.into_body(), DRAIN_LIMIT).await;
    Reply::from_fail(fail)
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
    let headers = req.headers().clone();
    let content_type = header(req.headers(), "content-type").unwrap_or_default();
    if op == Op::Generate {
        let payer = operation::Payer { wallet: caller.wallet.as_deref(), path: &path, seq: rec.seq };
        return generate::run(state, &content_type, req.into_body(), rec, &payer).await;
    }
    let parsed = body::read(op, &content_type, req.into_body(), &mut rec.body_bytes).await?;
    // Bounded before they are kept: a hostile body's fields are refused
    // below, but the record lives as long as the emulator.
    for (k, v) in parsed.fields.iter().take(RECORD_FIELDS) {
        rec.fields.insert(bounded_text(k), bounded(v));
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
    let url = crate::wallet::resource_url(&headers, &path);
    let payer = operation::Payer { wallet: caller.wallet.as_deref(), path: &url, seq: rec.seq };
    operation::check_balance(state, &payer, plan.price)?;
    let brought = operation::Brought { fields: &fields, images: &images, inspected: &inspected };
    operation::perform(state, &payer, op, plan, brought).await
}

/// The most fields of one request the record keeps.
const RECORD_FIELDS: usize = 64;
/// The most bytes of one field (or its name) the record keeps.
const RECORD_FIELD_BYTES: usize = 64 * 1024;

/// `text`, cut at [`RECORD_FIELD_BYTES`] (on a character boundary) with a
/// note of its length.
fn bounded_text(text: &str) -> String {
    if text.len() <= RECORD_FIELD_BYTES {
        return text.to_owned();
    }
    let mut end = RECORD_FIELD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…[{} bytes in all]", &text[..end], text.len())
}

/// A field's value as the record keeps it: strings cut, a large list or
/// object replaced by a note of its size.
fn bounded(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(bounded_text(s)),
        Value::Array(_) | Value::Object(_) => {
            let len = serde_json::to_vec(value).map_or(0, |v| v.len());
            if len <= RECORD_FIELD_BYTES {
                value.clone()
            } else {
                Value::String(format!("[a JSON value of {len} bytes, not kept]"))
            }
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn recorded_fields_are_bounded() {
        let long = "é".repeat(RECORD_FIELD_BYTES);
        let kept = bounded(&serde_json::Value::String(long.clone()));
        let kept = kept.as_str().unwrap();
        assert!(kept.len() < RECORD_FIELD_BYTES + 64, "{}", kept.len());
        assert!(kept.ends_with(&format!("[{} bytes in all]", long.len())));
        let list = serde_json::json!(vec![1u32; RECORD_FIELD_BYTES]);
        assert!(bounded(&list).as_str().is_some_and(|s| s.contains("not kept")));
        assert_eq!(bounded(&serde_json::json!("short")), "short");
    }
}
