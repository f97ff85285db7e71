//! A sign-in as a caller presents it: the `SIGN-IN-WITH-X` header (or its
//! legacy name), verified (see [`siwx`]) with its nonce spent once in the
//! [`Ledger`], and a refusal as the service's 401.

use std::time::{SystemTime, UNIX_EPOCH};

use hyper::HeaderMap;
use serde_json::json;

use super::ledger::Ledger;
use super::siwx::{self, Refusal};
use crate::http::{Fail, header};

/// Now, in Unix milliseconds.
fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(0))
}

/// The x402 sign-in header, current name first.
pub(crate) fn sign_in_header(headers: &HeaderMap) -> Option<String> {
    ["sign-in-with-x", "x-sign-in-with-x"]
        .iter()
        .find_map(|n| header(headers, n))
        .filter(|v| !v.trim().is_empty())
}

/// Verifies a sign-in (its domain the service's, or the `host` the
/// request was sent to) and, when `spend`, spends its nonce: the wallet's
/// address (`0x` + lower-case hex, or Solana's base58).
pub(crate) fn verify_sign_in(
    ledger: &Ledger,
    value: &str,
    host: Option<&str>,
    spend: bool,
) -> Result<String, Refusal> {
    let signed = siwx::verify_for(value, now_ms(), host)?;
    if spend && !ledger.spend_nonce(&signed.address, &signed.nonce) {
        return Err(Refusal {
            code: "NONCE_REUSED",
            message: "this sign-in's nonce was used already".into(),
        });
    }
    Ok(signed.address)
}

/// A refused sign-in's 401: `{error, code}`.
pub(crate) fn sign_in_refused(r: &Refusal) -> Fail {
    let mut f = Fail::new(401, r.message.clone());
    f.body["code"] = json!(r.code);
    f
}
