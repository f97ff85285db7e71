//! A `SIGN-IN-WITH-X` header checked the way Venice checks it: base64 JSON
//! `{address, message, signature, chainId}` (+ `timestamp`, Unix
//! milliseconds, held to within 30 s of Issued At when sent), the message
//! in the EIP-4361 layout, the domain, the chain, the address, the times, and the
//! signature recovered to the message's address. The nonce's single use is
//! the ledger's to enforce (see `ledger.rs`): it needs memory.

use serde_json::Value;

use super::crypto::{from_hex, is_checksummed, personal_digest, recover};
use super::terms::CHAIN_ID;
use super::time::parse_rfc3339;

/// The domains a sign-in may name.
const DOMAINS: [&str; 2] = ["api.venice.ai", "venice.ai"];
/// Issued At may be this old at most.
const MAX_AGE_MS: i64 = 5 * 60 * 1000;
/// Issued At may be this far ahead at most.
const MAX_AHEAD_MS: i64 = 30 * 1000;
/// The payload's `timestamp` may be this far from Issued At at most.
const TIMESTAMP_SKEW_MS: i64 = 30 * 1000;

/// A sign-in that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The signer, `0x` + lower-case hex (or a Solana address, base58).
    pub address: String,
    /// The message's nonce.
    pub nonce: String,
}

/// A refused sign-in: the service's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `PARSE_ERROR`, `EXPIRED`, ...
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

pub(super) fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal { code, message: message.into() }
}

/// The fields of an EIP-4361 message (or Solana's SIWX message, the same
/// layout naming a Solana account).
struct Message<'a> {
    domain: &'a str,
    /// Whether the first line names a Solana account (else Ethereum).
    solana: bool,
    address: &'a str,
    chain_id: Option<&'a str>,
    nonce: Option<&'a str>,
    issued_at: Option<&'a str>,
    expiration: Option<&'a str>,
    not_before: Option<&'a str>,
    version: Option<&'a str>,
    uri: Option<&'a str>,
}

fn parse_message(text: &str) -> Option<Message<'_>> {
    let mut lines = text.split('\n');
    let first = lines.next()?;
    let (domain, solana) = match first.strip_suffix(" wants you to sign in with your Ethereum account:") {
        Some(d) => (d, false),
        None => (first.strip_suffix(" wants you to sign in with your Solana account:")?, true),
    };
    let address = lines.next()?;
    let mut m = Message {
        domain,
        solana,
        address,
        chain_id: None,
        nonce: None,
        issued_at: None,
        expiration: None,
        not_before: None,
        version: None,
        uri: None,
    };
    for line in lines {
        let field = |name: &str| line.strip_prefix(name);
        if let Some(v) = field("Chain ID: ") {
            m.chain_id = Some(v);
        } else if let Some(v) = field("Nonce: ") {
            m.nonce = Some(v);
        } else if let Some(v) = field("Issued At: ") {
            m.issued_at = Some(v);
        } else if let Some(v) = field("Expiration Time: ") {
            m.expiration = Some(v);
        } else if let Some(v) = field("Not Before: ") {
            m.not_before = Some(v);
        } else if let Some(v) = field("Version: ") {
            m.version = Some(v);
        } else if let Some(v) = field("URI: ") {
            m.uri = Some(v);
        }
    }
    Some(m)
}

/// The chain a JSON `chainId` names: `8453`, `"8453"` or `"eip155:8453"`.
fn chain_of(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.strip_prefix("eip155:").unwrap_or(s).parse().ok(),
        _ => None,
    }
}

/// The payload's `timestamp`, when sent, checked against Issued At.
fn check_timestamp(payload: &Value, issued_ms: i64) -> Result<(), Refusal> {
    let Some(t) = payload.get("timestamp") else {
        return Ok(());
    };
    let ms = match t {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| refuse("INVALID_PAYLOAD", "timestamp is not Unix milliseconds"))?;
    if (ms - issued_ms).abs() > TIMESTAMP_SKEW_MS {
        return Err(refuse(
            "INVALID_PAYLOAD",
            format!("timestamp ({ms}) is more than 30 s from the message's Issued At ({issued_ms})"),
        ));
    }
    Ok(())
}

/// The header's base64 JSON payload.
fn decode(header: &str) -> Result<Value, Refusal> {
    let raw = header.trim();
    let bytes = base64_simd::STANDARD
        .decode_to_vec(raw)
        .or_else(|_| base64_simd::URL_SAFE_NO_PAD.decode_to_vec(raw.trim_end_matches('=')))
        .map_err(|_| refuse("PARSE_ERROR", "SIGN-IN-WITH-X is not base64"))?;
    serde_json::from_slice(&bytes).map_err(|_| refuse("PARSE_ERROR", "SIGN-IN-WITH-X is not JSON"))
}

/// What every message must have, whatever its chain: its nonce, Issued At,
/// Chain ID, URI and Version 1, and a domain that is the service's (or
/// `host`); Issued At, in Unix milliseconds.
fn check_common(m: &Message<'_>, host: Option<&str>) -> Result<(), Refusal> {
    let (Some(nonce), Some(_), Some(_)) = (m.nonce, m.issued_at, m.chain_id) else {
        return Err(refuse("INVALID_MESSAGE", "the message lacks its nonce, Issued At or Chain ID"));
    };
    if m.version != Some("1") || m.uri.is_none() {
        return Err(refuse("INVALID_MESSAGE", "the message lacks URI or Version: 1"));
    }
    if nonce.len() < 8 || !nonce.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(refuse("INVALID_MESSAGE", "the nonce must be 8 or more letters and digits"));
    }
    if !DOMAINS.contains(&m.domain) && host != Some(m.domain) {
        return Err(refuse("DOMAIN_MISMATCH", format!("the message is for {}, not api.venice.ai", m.domain)));
    }
    Ok(())
}

/// The times: Issued At (at most 5 minutes old, 30 s ahead), the
/// payload's `timestamp`, Expiration Time and Not Before.
fn check_times(m: &Message<'_>, payload: &Value, now_ms: i64) -> Result<(), Refusal> {
    let time =
        |t: &str| parse_rfc3339(t).ok_or_else(|| refuse("INVALID_MESSAGE", format!("{t:?} is not a time")));
    let issued = time(m.issued_at.unwrap_or_default())?;
    if now_ms - issued > MAX_AGE_MS {
        return Err(refuse("EXPIRED", "the sign-in was issued more than 5 minutes ago"));
    }
    if issued - now_ms > MAX_AHEAD_MS {
        return Err(refuse("FUTURE_TIMESTAMP", "the sign-in was issued in the future"));
    }
    check_timestamp(payload, issued)?;
    if let Some(e) = m.expiration
        && time(e)? <= now_ms
    {
        return Err(refuse("EXPIRED", "the sign-in has expired"));
    }
    if let Some(nb) = m.not_before
        && time(nb)? > now_ms
    {
        return Err(refuse("NOT_BEFORE", "the sign-in is not valid yet"));
    }
    Ok(())
}

/// An EVM sign-in's chain (Base), address (EIP-55, the payload's) and
/// EIP-191 signature, recovered: the signer, lower-case.
fn verify_evm(
    m: &Message<'_>,
    chain: &Value,
    address: &str,
    signature: &str,
    message: &str,
) -> Result<String, Refusal> {
    let chain = chain_of(chain).ok_or_else(|| refuse("INVALID_PAYLOAD", "chainId is not a chain"))?;
    if !is_checksummed(m.address) {
        return Err(refuse("INVALID_MESSAGE", "the message's address is not in its EIP-55 form"));
    }
    if chain != CHAIN_ID {
        return Err(refuse("UNSUPPORTED_CHAIN", format!("chain {chain} is not supported (Base, 8453, is)")));
    }
    if m.chain_id.and_then(|c| c.parse::<u64>().ok()) != Some(chain) {
        return Err(refuse("CHAIN_MISMATCH", "the message's Chain ID is not the payload's chainId"));
    }
    if !m.address.eq_ignore_ascii_case(address) {
        return Err(refuse("ADDRESS_MISMATCH", "the message's address is not the payload's address"));
    }
    let sig = from_hex(signature).ok_or_else(|| refuse("INVALID_SIGNATURE", "the signature is not hex"))?;
    match recover(&personal_digest(message), &sig) {
        Some(signer) if signer.eq_ignore_ascii_case(m.address) => Ok(signer),
        _ => Err(refuse("INVALID_SIGNATURE", "the signature is not the address's")),
    }
}

/// Checks `header` at `now_ms` (Unix milliseconds), for the service's own
/// domains only.
pub fn verify(header: &str, now_ms: i64) -> Result<SignedIn, Refusal> {
    verify_for(header, now_ms, None)
}

/// Checks `header` at `now_ms` (Unix milliseconds); the message's domain
/// may be the service's or `host`, the one the request was sent to (a
/// client that names the host it calls, as Venice's own client does).
/// `type: "ed25519"` is a Solana sign-in (Ed25519, base58 address).
pub fn verify_for(header: &str, now_ms: i64, host: Option<&str>) -> Result<SignedIn, Refusal> {
    let payload = decode(header)?;
    let text = |k: &str| payload.get(k).and_then(Value::as_str);
    let (Some(address), Some(message), Some(signature), Some(chain)) =
        (text("address"), text("message"), text("signature"), payload.get("chainId"))
    else {
        return Err(refuse("INVALID_PAYLOAD", "address, message, signature and chainId are required"));
    };
    let solana = match text("type") {
        None | Some("eip191") => false,
        Some("ed25519") => true,
        Some(other) => {
            return Err(refuse("UNSUPPORTED_CHAIN", format!("signature type {other:?} is not supported")));
        }
    };
    let m = parse_message(message).ok_or_else(|| refuse("INVALID_MESSAGE", "not a sign-in message"))?;
    if m.solana != solana {
        return Err(refuse("INVALID_MESSAGE", "the message's account is not of the payload's type"));
    }
    check_common(&m, host)?;
    if solana {
        super::solana::check_chain(chain, m.chain_id)?;
        if m.address != address {
            return Err(refuse("ADDRESS_MISMATCH", "the message's address is not the payload's address"));
        }
    }
    check_times(&m, &payload, now_ms)?;
    let signer = if solana {
        super::solana::verify(message, m.address, signature)?
    } else {
        verify_evm(&m, chain, address, signature, message)?
    };
    Ok(SignedIn { address: signer, nonce: m.nonce.unwrap_or_default().to_owned() })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const MESSAGE: &str = "api.venice.ai wants you to sign in with your Ethereum account:\n0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3\n\nSign in to Venice AI\n\nURI: https://api.venice.ai\nVersion: 1\nChain ID: 8453\nNonce: 0123456789abcdef\nIssued At: 2026-12-01T12:00:00.000Z\nExpiration Time: 2026-12-01T12:04:00.000Z";
    const SIGNATURE: &str = "0x25c18a09bdda78996a545468d8294e6f1bb55bd7aedec8b9803df0211ea0ab6b3e773c1db08c47fbc423de9ec9ef2ec92571fe9f4ef357bee6d4d6128cc6f76b1b";
    const ISSUED: i64 = 1_796_126_400_000;

    fn header(v: Value) -> String {
        base64_simd::STANDARD.encode_to_string(v.to_string())
    }

    fn facts(chain: Value) -> String {
        header(
            json!({"address": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "message": MESSAGE, "signature": SIGNATURE, "chainId": chain}),
        )
    }

    #[test]
    fn the_facts_vector_verifies_in_its_window() {
        for chain in [json!(8453), json!("8453"), json!("eip155:8453")] {
            let ok = verify(&facts(chain), ISSUED + 1000).unwrap();
            assert_eq!(ok.address, "0x03f8cc401447b971ef72e23aa684d5f3c790a5a3");
            assert_eq!(ok.nonce, "0123456789abcdef");
        }
        let code = |h: &str, now| verify(h, now).unwrap_err().code;
        assert_eq!(code(&facts(json!(8453)), ISSUED + 4 * 60 * 1000 + 1), "EXPIRED");
        assert_eq!(code(&facts(json!(8453)), ISSUED - 31_000), "FUTURE_TIMESTAMP");
        assert_eq!(code(&facts(json!(1)), ISSUED), "UNSUPPORTED_CHAIN");
        assert_eq!(code("garbage", ISSUED), "PARSE_ERROR");
        assert_eq!(code(&header(json!({"address": "x"})), ISSUED), "INVALID_PAYLOAD");
        let other = "0x0000000000000000000000000000000000000001";
        let h =
            header(json!({"address": other, "message": MESSAGE, "signature": SIGNATURE, "chainId": 8453}));
        assert_eq!(code(&h, ISSUED), "ADDRESS_MISMATCH");
        let forged = MESSAGE.replace("0123456789abcdef", "0123456789abcdee");
        let h = header(
            json!({"address": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "message": forged, "signature": SIGNATURE, "chainId": 8453}),
        );
        assert_eq!(code(&h, ISSUED), "INVALID_SIGNATURE");
        let elsewhere = MESSAGE.replace("api.venice.ai wants", "evil.example wants");
        let h = header(
            json!({"address": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "message": elsewhere, "signature": SIGNATURE, "chainId": 8453}),
        );
        assert_eq!(code(&h, ISSUED), "DOMAIN_MISMATCH");
        let local = MESSAGE.replace("api.venice.ai wants", "127.0.0.1:9 wants");
        let h = header(
            json!({"address": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "message": local, "signature": SIGNATURE, "chainId": 8453}),
        );
        assert_eq!(code(&h, ISSUED), "DOMAIN_MISMATCH");
        let host = verify_for(&h, ISSUED, Some("127.0.0.1:9")).unwrap_err().code;
        assert_eq!(host, "INVALID_SIGNATURE", "the host it was sent to is a domain it may name");
    }

    #[test]
    fn a_timestamp_is_held_to_issued_at() {
        let with = |t: Value| {
            header(
                json!({"address": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "message": MESSAGE, "signature": SIGNATURE, "chainId": 8453, "timestamp": t}),
            )
        };
        assert!(verify(&with(json!(ISSUED)), ISSUED).is_ok(), "equal to Issued At");
        assert!(verify(&with(json!(ISSUED + 29_000)), ISSUED).is_ok(), "within 30 s");
        for t in [json!(ISSUED + 60_000), json!(ISSUED - 60_000), json!("soon")] {
            let r = verify(&with(t), ISSUED).unwrap_err();
            assert_eq!(r.code, "INVALID_PAYLOAD");
            assert!(r.message.contains("timestamp"), "names the field: {}", r.message);
        }
    }
}
