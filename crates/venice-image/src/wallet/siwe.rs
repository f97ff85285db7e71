//! The sign-in message (EIP-4361 layout, as Venice asks for it) and the
//! `SIGN-IN-WITH-X` value that carries it: base64 of
//! `{address, message, signature, chainId}` (no `timestamp`: if sent it
//! must be within 30 s of Issued At, and it adds nothing).

use std::time::{Duration, SystemTime};

use crate::support::time::iso8601;

/// How long a sign-in is valid: inside every limit the service states
/// (Issued At at most 5 minutes old).
pub(crate) const VALID_FOR: Duration = Duration::from_secs(240);

/// What a sign-in message says.
pub(crate) struct Message<'a> {
    pub domain: &'a str,
    /// EIP-55 checksummed.
    pub address: &'a str,
    pub statement: &'a str,
    pub uri: &'a str,
    pub chain_id: u64,
    pub nonce: &'a str,
    pub issued_at: SystemTime,
}

impl Message<'_> {
    /// The text that is signed: lines joined by `\n`, no trailing newline.
    pub(crate) fn text(&self) -> String {
        let expires = self.issued_at + VALID_FOR;
        format!(
            "{domain} wants you to sign in with your Ethereum account:\n{address}\n\n{statement}\n\n\
             URI: {uri}\nVersion: 1\nChain ID: {chain}\nNonce: {nonce}\nIssued At: {issued}\nExpiration Time: {expires}",
            domain = self.domain,
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

/// The header value: base64 (standard, padded) of the JSON payload.
pub(crate) fn header_value(address: &str, message: &str, signature: &str, chain_id: u64) -> String {
    let payload = serde_json::json!({
        "address": address,
        "message": message,
        "signature": signature,
        "chainId": chain_id,
    });
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
            address: "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3",
            statement: "Sign in to Venice AI",
            uri: "https://api.venice.ai",
            chain_id: 8453,
            nonce: "0123456789abcdef",
            issued_at: std::time::UNIX_EPOCH + Duration::from_secs(1_796_126_400),
        };
        assert_eq!(m.text(), FACTS_MESSAGE);
        assert!(!m.text().ends_with('\n'));
    }

    #[test]
    fn the_header_is_base64_json_without_a_timestamp() {
        let v = header_value("0xA", "m", "0xS", 8453);
        let json: serde_json::Value =
            serde_json::from_slice(&base64_simd::STANDARD.decode_to_vec(&v).unwrap()).unwrap();
        assert_eq!(json, serde_json::json!({"address":"0xA","message":"m","signature":"0xS","chainId":8453}));
    }
}
