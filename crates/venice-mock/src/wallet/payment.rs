//! A top-up payment (`PAYMENT-SIGNATURE`, legacy `X-402-Payment` and
//! `X-PAYMENT`): base64 JSON `{x402Version: 2, accepted, payload{signature,
//! authorization}}`, or the older envelope Venice's own client sends
//! (`{x402Version, scheme: "exact", network: "base", payload}`, no
//! `accepted`: the amount is `authorization.value`), checked against the
//! emulator's one offer (USDC on Base, paid to [`PAY_TO`]): the EIP-712
//! digest of USDC's `TransferWithAuthorization` recovered to `from`, the
//! receiver, the validity window and the amount limits.

use serde_json::Value;

use super::crypto::{from_hex, keccak256, recover};
use super::terms::{CHAIN_ID, MAX_TOP_UP_USD, MIN_TOP_UP_USD, PAY_TO, USDC};

/// A payment that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The payer, `0x` + lower-case hex.
    pub from: String,
    /// Base units (6 decimals).
    pub value: u128,
    /// The authorization's nonce, hex: a payment is credited once.
    pub nonce: String,
}

/// Why a payment is refused: a code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// `INVALID_PAYMENT`, `INVALID_PAY_TO`, `PAYMENT_EXPIRED`, `INVALID_AMOUNT`, `INVALID_SIGNATURE`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

fn invalid(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid { code, message: message.into() }
}

fn word(bytes: &[u8]) -> [u8; 32] {
    let mut w = [0u8; 32];
    let n = bytes.len().min(32);
    w[32 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    w
}

fn number_word(n: u128) -> [u8; 32] {
    word(&n.to_be_bytes())
}

/// The EIP-712 digest USDC on Base checks for a transfer authorization.
pub fn transfer_digest(
    from: &[u8],
    to: &[u8],
    value: u128,
    after: u128,
    before: u128,
    nonce: &[u8],
) -> [u8; 32] {
    let domain_type =
        keccak256(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    let usdc = from_hex(USDC).unwrap_or_default();
    let mut domain = Vec::with_capacity(160);
    domain.extend_from_slice(&domain_type);
    domain.extend_from_slice(&keccak256(b"USD Coin"));
    domain.extend_from_slice(&keccak256(b"2"));
    domain.extend_from_slice(&number_word(u128::from(CHAIN_ID)));
    domain.extend_from_slice(&word(&usdc));
    let separator = keccak256(&domain);
    let struct_type = keccak256(
        b"TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)",
    );
    let mut data = Vec::with_capacity(224);
    data.extend_from_slice(&struct_type);
    data.extend_from_slice(&word(from));
    data.extend_from_slice(&word(to));
    data.extend_from_slice(&number_word(value));
    data.extend_from_slice(&number_word(after));
    data.extend_from_slice(&number_word(before));
    data.extend_from_slice(&word(nonce));
    let mut message = vec![0x19, 0x01];
    message.extend_from_slice(&separator);
    message.extend_from_slice(&keccak256(&data));
    keccak256(&message)
}

fn uint(v: Option<&Value>) -> Option<u128> {
    match v? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().map(u128::from),
        _ => None,
    }
}

/// The envelope's terms checked against the offer: with `accepted` (x402
/// v2), its scheme, network, asset and payTo, and `Some` of its amount;
/// without (the envelope Venice's own client sends), the top-level scheme
/// and network (`base` or `eip155:8453`), and `None` (the amount is the
/// authorization's; the asset is USDC's, whose EIP-712 domain the
/// signature must verify under).
fn envelope_terms(p: &Value) -> Result<Option<Option<u128>>, Invalid> {
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let Some(accepted) = p.get("accepted") else {
        let network = text(p, "network");
        if text(p, "scheme").as_deref() != Some("exact")
            || !matches!(network.as_deref(), Some("base" | "eip155:8453"))
        {
            return Err(invalid(
                "INVALID_PAYMENT",
                "accepted is missing, and scheme and network are not exact on base (eip155:8453)",
            ));
        }
        return Ok(None);
    };
    if text(accepted, "scheme").as_deref() != Some("exact")
        || text(accepted, "network").as_deref() != Some("eip155:8453")
        || !text(accepted, "asset").is_some_and(|a| a.eq_ignore_ascii_case(USDC))
    {
        return Err(invalid("INVALID_PAYMENT", "only the exact scheme in USDC on eip155:8453 is accepted"));
    }
    if !text(accepted, "payTo").is_some_and(|a| a.eq_ignore_ascii_case(PAY_TO)) {
        return Err(invalid("INVALID_PAY_TO", "accepted.payTo is not this service's"));
    }
    Ok(Some(uint(accepted.get("amount"))))
}

/// Checks a payment header at `now` (Unix seconds).
pub fn verify(header: &str, now: u64) -> Result<Payment, Invalid> {
    let bytes = base64_simd::STANDARD
        .decode_to_vec(header.trim())
        .map_err(|_| invalid("INVALID_PAYMENT", "the payment is not base64"))?;
    let p: Value =
        serde_json::from_slice(&bytes).map_err(|_| invalid("INVALID_PAYMENT", "the payment is not JSON"))?;
    if p.get("x402Version").and_then(Value::as_u64) != Some(2) {
        return Err(invalid("INVALID_PAYMENT", "x402Version must be 2"));
    }
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let accepted_amount = envelope_terms(&p)?;
    let payload = p.get("payload").ok_or_else(|| invalid("INVALID_PAYMENT", "payload is missing"))?;
    let auth =
        payload.get("authorization").ok_or_else(|| invalid("INVALID_PAYMENT", "authorization is missing"))?;
    let address = |k: &str| {
        text(auth, k)
            .and_then(|a| from_hex(&a).filter(|b| b.len() == 20))
            .ok_or_else(|| invalid("INVALID_PAYMENT", format!("authorization.{k} is not an address")))
    };
    let (from, to) = (address("from")?, address("to")?);
    if !text(auth, "to").is_some_and(|a| a.eq_ignore_ascii_case(PAY_TO)) {
        return Err(invalid("INVALID_PAY_TO", "the authorization pays someone else"));
    }
    let num =
        |k: &str| uint(auth.get(k)).ok_or_else(|| invalid("INVALID_PAYMENT", format!("authorization.{k}")));
    let (value, after, before) = (num("value")?, num("validAfter")?, num("validBefore")?);
    let nonce = text(auth, "nonce")
        .and_then(|n| from_hex(&n).filter(|b| b.len() == 32))
        .ok_or_else(|| invalid("INVALID_PAYMENT", "authorization.nonce is not 32 bytes"))?;
    let now = u128::from(now);
    if after > now || before <= now {
        return Err(invalid("PAYMENT_EXPIRED", "the authorization is outside its validity window"));
    }
    if accepted_amount.is_some_and(|a| a != Some(value)) {
        return Err(invalid("INVALID_AMOUNT", "accepted.amount is not the authorization's value"));
    }
    let whole = |usd: f64| (usd * 1e6).round() as u128;
    if !(whole(MIN_TOP_UP_USD)..=whole(MAX_TOP_UP_USD)).contains(&value) {
        return Err(invalid("INVALID_AMOUNT", format!("top-ups are ${MIN_TOP_UP_USD} to ${MAX_TOP_UP_USD}")));
    }
    let signature = text(payload, "signature").and_then(|s| from_hex(&s)).unwrap_or_default();
    let digest = transfer_digest(&from, &to, value, after, before, &nonce);
    match recover(&digest, &signature) {
        Some(signer) if from_hex(&signer).as_deref() == Some(&from[..]) => {
            Ok(Payment { from: signer, value, nonce: super::crypto::to_hex(&nonce) })
        }
        _ => Err(invalid("INVALID_SIGNATURE", "the payment's signature is not the payer's")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_transfer_recovers_to_the_test_key() {
        let from = from_hex("0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3").unwrap();
        let digest =
            transfer_digest(&from, &[0x11; 20], 5_000_000, 1_764_590_000, 1_764_590_900, &[0xab; 32]);
        let sig = from_hex("0x50f1e16a1b6fcaa9daf926b38636d4cee4a4859e372a4276885592ba1d8d698a2bde0fac1a3c29512dd4529522138d7e9d31b65a40564f4a6f6fea8db215f2881c").unwrap();
        assert_eq!(recover(&digest, &sig).as_deref(), Some("0x03f8cc401447b971ef72e23aa684d5f3c790a5a3"));
    }

    /// A payment of `value` signed with the facts' test key, in the x402 v2
    /// envelope (with `accepted`) or in the one Venice's client sends.
    fn signed(value: u128, now: u64, with_accepted: bool, network: &str) -> String {
        use k256::ecdsa::SigningKey;
        use serde_json::json;
        let key = SigningKey::from_slice(
            &from_hex("0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b").unwrap(),
        )
        .unwrap();
        let from = from_hex("0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3").unwrap();
        let to = from_hex(PAY_TO).unwrap();
        let (after, before) = (u128::from(now) - 600, u128::from(now) + 300);
        let digest = transfer_digest(&from, &to, value, after, before, &[7; 32]);
        let (sig, recid) = key.sign_prehash_recoverable(&digest);
        let mut raw = sig.to_bytes().to_vec();
        raw.push(27 + recid.to_byte());
        let authorization = json!({
            "from": "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3", "to": PAY_TO,
            "value": value.to_string(), "validAfter": after.to_string(), "validBefore": before.to_string(),
            "nonce": format!("0x{}", "07".repeat(32)),
        });
        let payload = json!({"signature": format!("0x{}", super::super::crypto::to_hex(&raw)), "authorization": authorization});
        let envelope = if with_accepted {
            json!({"x402Version": 2, "accepted": {"scheme": "exact", "network": network, "asset": USDC, "payTo": PAY_TO, "amount": value.to_string()}, "payload": payload})
        } else {
            json!({"x402Version": 2, "scheme": "exact", "network": network, "payload": payload})
        };
        base64_simd::STANDARD.encode_to_string(envelope.to_string())
    }

    #[test]
    fn both_envelopes_verify_and_are_held_to_the_offer() {
        let now = 1_796_126_400;
        for (accepted, network) in [(true, "eip155:8453"), (false, "base"), (false, "eip155:8453")] {
            let p = verify(&signed(5_000_000, now, accepted, network), now).unwrap();
            assert_eq!((p.from.as_str(), p.value), ("0x03f8cc401447b971ef72e23aa684d5f3c790a5a3", 5_000_000));
        }
        let code = |h: String| verify(&h, now).unwrap_err().code;
        assert_eq!(code(signed(5_000_000, now, false, "solana")), "INVALID_PAYMENT");
        assert_eq!(code(signed(4_999_999, now, false, "base")), "INVALID_AMOUNT");
        assert_eq!(code(signed(5_000_000, now - 1000, false, "base")), "PAYMENT_EXPIRED");
        let json = base64_simd::STANDARD.decode_to_vec(signed(5_000_000, now, false, "base")).unwrap();
        let json = String::from_utf8(json).unwrap().replace("\"5000000\"", "\"6000000\"");
        let forged = base64_simd::STANDARD.encode_to_string(json);
        assert_eq!(code(forged), "INVALID_SIGNATURE", "a changed amount no longer verifies");
    }
}
