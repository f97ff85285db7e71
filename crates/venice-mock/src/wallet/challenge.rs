//! What a 402 tells a caller about signing in, in the shapes of Venice's
//! spec (`X402InferencePaymentRequired`): the protected resource as an
//! absolute URL, and a fresh Sign-In-With-X challenge (`info{domain, uri,
//! version, nonce, issuedAt, expirationTime, statement}` and the
//! `supportedChains` with their signature types), sent in a no-credentials
//! 402's `extensions["sign-in-with-x"]` and a short wallet's
//! `siwxChallenge`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use hyper::HeaderMap;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::terms::{CHAIN_ID, SOLANA_CHAIN};
use super::time::format_rfc3339;
use crate::http::header;

/// The domain a challenge names (the service's).
pub const CHALLENGE_DOMAIN: &str = "api.venice.ai";
/// How long a challenge is offered for.
const CHALLENGE_FOR_MS: i64 = 5 * 60 * 1000;

/// The request's resource as an absolute URL: `http://` + the `Host` it
/// was sent to (the emulator speaks plain HTTP) + its path.
pub(crate) fn resource_url(headers: &HeaderMap, path: &str) -> String {
    match header(headers, "host").filter(|h| !h.is_empty() && !h.contains(['/', ' '])) {
        Some(host) => format!("http://{host}{path}"),
        None => format!("http://127.0.0.1{path}"),
    }
}

/// 16 hex digits no other challenge of this process has had.
fn nonce(now_ms: i64) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digest = Sha256::digest(format!("{now_ms}:{n}:{}", std::process::id()));
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A fresh challenge for `url`: `{info{...}, supportedChains[...]}`.
pub(crate) fn sign_in_challenge(url: &str) -> Value {
    let now_ms =
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(0));
    json!({
        "info": {
            "domain": CHALLENGE_DOMAIN,
            "uri": url,
            "version": "1",
            "nonce": nonce(now_ms),
            "issuedAt": format_rfc3339(now_ms),
            "expirationTime": format_rfc3339(now_ms + CHALLENGE_FOR_MS),
            "statement": "Sign in to Venice AI",
        },
        "supportedChains": [
            {"chainId": format!("eip155:{CHAIN_ID}"), "type": "eip191"},
            {"chainId": SOLANA_CHAIN, "type": "ed25519"},
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_has_the_spec_shape_and_a_fresh_nonce() {
        let a = sign_in_challenge("http://127.0.0.1:9/api/v1/image/edit");
        let b = sign_in_challenge("http://127.0.0.1:9/api/v1/image/edit");
        let info = a["info"].as_object().unwrap();
        let mut keys: Vec<&str> = info.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["domain", "expirationTime", "issuedAt", "nonce", "statement", "uri", "version"]);
        assert_eq!(a["info"]["domain"], "api.venice.ai");
        assert_ne!(a["info"]["nonce"], b["info"]["nonce"]);
        assert_eq!(a["supportedChains"][0], json!({"chainId": "eip155:8453", "type": "eip191"}));
        assert_eq!(a["supportedChains"][1]["type"], "ed25519");
        let mut h = HeaderMap::new();
        h.insert("host", "127.0.0.1:4000".parse().unwrap());
        assert_eq!(resource_url(&h, "/api/v1/image/edit"), "http://127.0.0.1:4000/api/v1/image/edit");
    }
}
