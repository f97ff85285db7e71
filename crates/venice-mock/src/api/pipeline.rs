//! The image pipeline, stage by stage, for a request routed to an image
//! operation: the caller admitted ([`access`]), then the body, the fields,
//! the images, the plan, the policy, the balance and the operation itself.
//! Refusals that count towards the lock-out are counted here, and every
//! answer to an admitted caller carries its rate-limit headers.

use hyper::Request;
use hyper::body::Incoming;

use super::op::Op;
use super::{access, body, fields, images, operation, upscale};
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
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

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
    let url = crate::wallet::resource_url(&headers, &path);
    let payer = operation::Payer { wallet: caller.wallet.as_deref(), path: &url, seq: rec.seq };
    operation::check_balance(state, &payer, plan.price)?;
    operation::perform(state, &payer, op, plan, &fields, &images, &inspected).await
}
