//! The sign-in message (EIP-4361 layout, as Venice asks for it; Solana's
//! SIWX message is the same layout naming a Solana account) and the
//! `SIGN-IN-WITH-X` value that carries it: base64 of `{address, message,
//! signature, timestamp, chainId}` (+ `type: "ed25519"` for Solana).
//! `timestamp` is Unix milliseconds, equal to Issued At, as Venice's spec
//! lists it and Venice's own client sends it (the service holds it to
//! within 30 s of Issued At).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::time::iso8601;

/// How long a sign-in is valid: inside every limit the service states
/// (Issued At at most 5 minutes old).
pub(crate) const VALID_FOR: Duration = Duration::from_secs(240);

/// What a sign-in message says.
pub(crate) struct Message<'a> {
    pub domain: &'a str,
    /// The account's kind in the first line: `Ethereum` or `Solana`.
    pub account: &'a str,
    /// EIP-55 checksummed (EVM) or base58 (Solana).
    pub address: &'a str,
    pub statement: &'a str,
    pub uri: &'a str,
    /// As the message writes it: `8453`, or Solana's genesis hash.
    pub chain_id: &'a str,
    pub nonce: &'a str,
    pub issued_at: SystemTime,
}

impl Message<'_> {
    /// The text that is signed: lines joined by `\n`, no trailing newline.
    pub(crate) fn text(&self) -> String {
        let expires = self.issued_at + VALID_FOR;
        format!(
            "{domain} wants you to sign in with your {account} account:\n{address}\n\n{statement}\n\n\
             URI: {uri}\nVersion: 1\nChain ID: {chain}\nNonce: {nonce}\nIssued At: {issued}\nExpiration Time: {expires}",
            domain = self.domain,
            account = self.account,
            address = self.address,
            statement = self.statement,
            uri = self.uri,
            chain = self.chain_id,
            nonce = self.nonce,
            issued = iso8601(self.issued_at),
            expires = iso8601(expires),
        )
    }
}

/// What the header carries besides the message.
pub(crate) struct Signed<'a> {
    pub address: &'a str,
    pub message: &'a str,
    pub signature: &'a str,
    /// `8453` (a number) for Base, `"solana:…"` for Solana.
    pub chain_id: serde_json::Value,
    /// `Some("ed25519")` for Solana; EVM sends none.
    pub kind: Option<&'a str>,
    /// The message's Issued At.
    pub issued_at: SystemTime,
}

/// Unix milliseconds of `t` (0 before 1970), as Issued At writes it.
pub(crate) fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The header value: base64 (standard, padded) of the JSON payload, with
/// `timestamp` equal to Issued At.
pub(crate) fn header_value(s: &Signed<'_>) -> String {
    let mut payload = serde_json::json!({
        "address": s.address,
        "message": s.message,
        "signature": s.signature,
        "timestamp": unix_ms(s.issued_at),
        "chainId": s.chain_id,
    });
    if let Some(kind) = s.kind {
        payload["type"] = kind.into();
    }
    base64_simd::STANDARD.encode_to_string(payload.to_string())
}

/// The message of X402-FACTS.md, byte for byte.
#[cfg(test)]
pub(crate) fn tests_message() -> &'static str {
    tests::FACTS_MESSAGE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of X402-FACTS.md, byte for byte.
    pub(super) const FACTS_MESSAGE: &str = "api.venice.ai wants you to sign in with your Ethereum account:\n\
0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3\n\
\n\
Sign in to Venice AI\n\
\n\
URI: https://api.venice.ai\n\
Version: 1\n\
Chain ID: 8453\n\
Nonce: 0123456789abcdef\n\
Issued At: 2026-12-01T12:00:00.000Z\n\
Expiration Time: 2026-12-01T12:04:00.000Z";

    #[test]
    fn the_message_is_the_facts_layout() {
        let m = Message {
            domain: "api.venice.ai",
            account: "Ethereum",
            address: "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3",
            statement: "Sign in to Venice AI",
            uri: "https://api.venice.ai",
            chain_id: "8453",
            nonce: "0123456789abcdef",
            issued_at: std::time::UNIX_EPOCH + Duration::from_secs(1_796_126_400),
        };
        assert_eq!(m.text(), FACTS_MESSAGE);
        assert!(!m.text().ends_with('\n'));
    }

    #[test]
    fn the_header_is_base64_json_with_the_issued_at_timestamp() {
        let at = std::time::UNIX_EPOCH + Duration::from_millis(1_796_126_400_123);
        let signed = |kind| Signed {
            address: "0xA",
            message: "m",
            signature: "0xS",
            chain_id: 8453.into(),
            kind,
            issued_at: at,
        };
        let read = |v: String| -> serde_json::Value {
            serde_json::from_slice(&base64_simd::STANDARD.decode_to_vec(v).unwrap()).unwrap()
        };
        assert_eq!(
            read(header_value(&signed(None))),
            serde_json::json!({"address":"0xA","message":"m","signature":"0xS","timestamp":1_796_126_400_123_u64,"chainId":8453})
        );
        assert_eq!(read(header_value(&signed(Some("ed25519"))))["type"], "ed25519");
        assert_eq!(iso8601(at), "2026-12-01T12:00:00.123Z", "the same millisecond as Issued At");
    }
}
