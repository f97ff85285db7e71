//! The service's answers to a wallet that cannot go on: a 402 (balance too
//! low: the balance, the minimum and suggested top-up, the steps, and the
//! decoded `PAYMENT-REQUIRED` header) and a 401 to a sign-in (the
//! service's code, with a clock hint for `EXPIRED` and
//! `FUTURE_TIMESTAMP`). Read from the JSON's fields and types, never from
//! message text.

use std::fmt;

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::Error;
use crate::failure::ApiFailure;

/// One way to pay the service offered (an x402 `accepts[]` entry).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct PaymentOption {
    /// `scheme` (`exact`).
    pub scheme: Option<String>,
    /// `network` (`eip155:8453`).
    pub network: Option<String>,
    /// `amount` (or `maxAmountRequired`), in the asset's base units.
    pub amount: Option<String>,
    /// `asset`: the token contract.
    pub asset: Option<String>,
    /// `payTo`: the receiving address.
    pub pay_to: Option<String>,
    /// `maxTimeoutSeconds`.
    pub max_timeout_seconds: Option<u64>,
    /// The entry as sent, to echo back in a payment.
    #[serde(skip)]
    pub raw: Value,
}

impl PaymentOption {
    pub(crate) fn from_value(v: &Value) -> Self {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let amount = text("amount")
            .or_else(|| text("maxAmountRequired"))
            .or_else(|| v.get("amount").and_then(Value::as_u64).map(|n| n.to_string()));
        Self {
            scheme: text("scheme"),
            network: text("network"),
            amount,
            asset: text("asset"),
            pay_to: text("payTo"),
            max_timeout_seconds: v.get("maxTimeoutSeconds").and_then(Value::as_u64),
            raw: v.clone(),
        }
    }
}

/// A parsed 402 to a wallet (or to a caller without credentials): why, how
/// much is there, and how to top up. Fields are `None` when not sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PaymentRequired {
    /// The answer (status 402, message, request id).
    pub failure: ApiFailure,
    /// `code` (`PAYMENT_REQUIRED`).
    pub code: Option<String>,
    /// `reason` (`insufficient_balance`).
    pub reason: Option<String>,
    /// `currentBalanceUsd`.
    pub balance_usd: Option<f64>,
    /// `minimumBalanceUsd`: the balance a call needs.
    pub minimum_balance_usd: Option<f64>,
    /// `minimumTopUpUsd`.
    pub minimum_top_up_usd: Option<f64>,
    /// `suggestedTopUpUsd`.
    pub suggested_top_up_usd: Option<f64>,
    /// `topUpInstructions.step1..`: the service's steps, in order.
    pub instructions: Vec<String>,
    /// `topUpInstructions.receiverWallet`.
    pub receiver_wallet: Option<String>,
    /// `topUpInstructions.network`.
    pub network: Option<String>,
    /// Ways to pay: the header's `accepts`, else the body's.
    pub accepts: Vec<PaymentOption>,
    /// The `PAYMENT-REQUIRED` header, decoded (base64 JSON), when sent.
    pub header: Option<Value>,
}

impl fmt::Display for PaymentRequired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.failure)?;
        let usd = |v: Option<f64>| v.map(|v| format!("${v:.2}"));
        if let Some(b) = usd(self.balance_usd) {
            write!(f, "; balance {b}")?;
        }
        if let Some(m) = usd(self.minimum_balance_usd) {
            write!(f, ", a call needs {m}")?;
        }
        if let Some(m) = usd(self.minimum_top_up_usd) {
            write!(f, "; minimum top-up {m}")?;
        }
        if let Some(s) = usd(self.suggested_top_up_usd) {
            write!(f, ", suggested {s}")?;
        }
        Ok(())
    }
}

/// The service's reason for refusing a sign-in (the 401's `code`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInCode {
    /// `PARSE_ERROR`: the header is not base64 JSON.
    ParseError,
    /// `INVALID_PAYLOAD`: fields missing or of the wrong type.
    InvalidPayload,
    /// `INVALID_MESSAGE`: the message is not in the sign-in layout.
    InvalidMessage,
    /// `DOMAIN_MISMATCH`.
    DomainMismatch,
    /// `UNSUPPORTED_CHAIN`.
    UnsupportedChain,
    /// `CHAIN_MISMATCH`.
    ChainMismatch,
    /// `ADDRESS_MISMATCH`.
    AddressMismatch,
    /// `EXPIRED`: usually this computer's clock is behind.
    Expired,
    /// `FUTURE_TIMESTAMP`: usually this computer's clock is ahead.
    FutureTimestamp,
    /// `NOT_BEFORE`.
    NotBefore,
    /// `INVALID_SIGNATURE`.
    InvalidSignature,
    /// `NONCE_REUSED`.
    NonceReused,
    /// Another code, as sent.
    Other(String),
}

impl SignInCode {
    /// Reads a code.
    pub fn parse(code: &str) -> Self {
        match code {
            "PARSE_ERROR" => Self::ParseError,
            "INVALID_PAYLOAD" => Self::InvalidPayload,
            "INVALID_MESSAGE" => Self::InvalidMessage,
            "DOMAIN_MISMATCH" => Self::DomainMismatch,
            "UNSUPPORTED_CHAIN" => Self::UnsupportedChain,
            "CHAIN_MISMATCH" => Self::ChainMismatch,
            "ADDRESS_MISMATCH" => Self::AddressMismatch,
            "EXPIRED" => Self::Expired,
            "FUTURE_TIMESTAMP" => Self::FutureTimestamp,
            "NOT_BEFORE" => Self::NotBefore,
            "INVALID_SIGNATURE" => Self::InvalidSignature,
            "NONCE_REUSED" => Self::NonceReused,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Whether the code usually means this computer's clock is wrong.
    pub fn is_clock(&self) -> bool {
        matches!(self, Self::Expired | Self::FutureTimestamp | Self::NotBefore)
    }
}

/// A sign-in the service refused (401 with a code).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SignInRefusal {
    /// The answer.
    pub failure: ApiFailure,
    /// The service's code, when it sent one.
    pub code: Option<SignInCode>,
}

impl fmt::Display for SignInRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.failure)?;
        if let Some(code) = self.failure.advice.code.as_deref() {
            write!(f, " [{code}]")?;
        }
        if self.code.as_ref().is_some_and(SignInCode::is_clock) {
            f.write_str("; check this computer's clock and time zone (sign-ins are valid for minutes)")?;
        }
        Ok(())
    }
}

fn decode_b64_json(text: &str) -> Option<Value> {
    let t = text.trim();
    let bytes = base64_simd::STANDARD
        .decode_to_vec(t)
        .or_else(|_| base64_simd::STANDARD_NO_PAD.decode_to_vec(t.trim_end_matches('=')))
        .or_else(|_| base64_simd::URL_SAFE_NO_PAD.decode_to_vec(t.trim_end_matches('=')))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The error for a 402: a [`PaymentRequired`] when the body or the header
/// is x402's, else the plain [`Error::InsufficientBalance`].
pub(crate) fn on_402(failure: ApiFailure, headers: &HeaderMap, body: &[u8]) -> Error {
    let header = headers.get("payment-required").and_then(|v| v.to_str().ok()).and_then(decode_b64_json);
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let obj = json.as_ref().and_then(Value::as_object);
    let x402_body = obj.is_some_and(|o| {
        o.contains_key("x402Version")
            || o.contains_key("accepts")
            || o.contains_key("currentBalanceUsd")
            || o.contains_key("topUpInstructions")
    });
    if header.is_none() && !x402_body {
        return Error::InsufficientBalance(failure);
    }
    let get = |k: &str| obj.and_then(|o| o.get(k));
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let steps = get("topUpInstructions");
    let mut instructions = Vec::new();
    if let Some(Value::Object(s)) = steps {
        let mut keys: Vec<&String> = s.keys().filter(|k| k.starts_with("step")).collect();
        keys.sort_by_key(|k| k[4..].parse::<u32>().unwrap_or(u32::MAX));
        instructions = keys.into_iter().filter_map(|k| text(s.get(k))).collect();
    }
    let accepts_of = |v: Option<&Value>| -> Vec<PaymentOption> {
        v.and_then(|v| v.get("accepts"))
            .and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().map(PaymentOption::from_value).collect())
    };
    let mut accepts = accepts_of(header.as_ref());
    if accepts.is_empty() {
        accepts = accepts_of(json.as_ref());
    }
    Error::PaymentRequired(Box::new(PaymentRequired {
        code: text(get("code")),
        reason: text(get("reason")),
        balance_usd: number(get("currentBalanceUsd")),
        minimum_balance_usd: number(get("minimumBalanceUsd")),
        minimum_top_up_usd: number(get("minimumTopUpUsd"))
            .or_else(|| number(steps.and_then(|s| s.get("minimumAmountUsd")))),
        suggested_top_up_usd: number(get("suggestedTopUpUsd")),
        instructions,
        receiver_wallet: text(steps.and_then(|s| s.get("receiverWallet"))),
        network: text(steps.and_then(|s| s.get("network"))),
        accepts,
        header,
        failure,
    }))
}

/// A 401 to a request that signed in with a wallet becomes a
/// [`SignInRefusal`]; any other error is left as it is.
pub(crate) fn refine_unauthorized(e: Error, wallet: bool) -> Error {
    match e {
        Error::Unauthorized(failure) if wallet && failure.status == 401 => {
            let code = failure.advice.code.as_deref().map(SignInCode::parse);
            Error::SignInRefused(Box::new(SignInRefusal { failure, code }))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_wallet_402_is_parsed_with_its_header() {
        let body = br#"{"error":"Payment required","code":"PAYMENT_REQUIRED","reason":"insufficient_balance",
            "message":"Top up","currentBalanceUsd":0.04,"minimumBalanceUsd":0.1,"suggestedTopUpUsd":10,
            "minimumTopUpUsd":5,"topUpInstructions":{"step2":"Sign it","step1":"Get USDC on Base","step3":"POST it",
            "receiverWallet":"0xabc","network":"eip155:8453","minimumAmountUsd":5}}"#;
        let header = base64_simd::STANDARD.encode_to_string(
            br#"{"x402Version":2,"error":"x","accepts":[{"scheme":"exact","network":"eip155:8453","amount":"5000000","asset":"0xA","payTo":"0xB","maxTimeoutSeconds":300}]}"#,
        );
        let mut h = HeaderMap::new();
        h.insert("payment-required", header.parse().unwrap());
        let e = on_402(ApiFailure::new(402, "Payment required"), &h, body);
        assert_eq!(e.kind(), ErrorKind::Payment);
        let Error::PaymentRequired(p) = e else { panic!() };
        assert_eq!(p.balance_usd, Some(0.04));
        assert_eq!(p.suggested_top_up_usd, Some(10.0));
        assert_eq!(p.minimum_top_up_usd, Some(5.0));
        assert_eq!(p.instructions, ["Get USDC on Base", "Sign it", "POST it"]);
        assert_eq!(p.accepts[0].amount.as_deref(), Some("5000000"));
        assert_eq!(p.accepts[0].pay_to.as_deref(), Some("0xB"));
        assert!(p.to_string().contains("balance $0.04"), "{p}");
    }

    #[test]
    fn a_plain_402_stays_insufficient_balance() {
        let e =
            on_402(ApiFailure::new(402, "Insufficient"), &HeaderMap::new(), br#"{"error":"Insufficient"}"#);
        assert!(matches!(e, Error::InsufficientBalance(_)));
    }

    #[test]
    fn a_refused_sign_in_carries_its_code_and_a_clock_hint() {
        let mut f = ApiFailure::new(401, "Sign-in expired");
        f.advice.code = Some("EXPIRED".into());
        let e = refine_unauthorized(Error::Unauthorized(f.clone()), true);
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert!(e.to_string().contains("clock"), "{e}");
        let Error::SignInRefused(r) = &e else { panic!() };
        assert_eq!(r.code, Some(SignInCode::Expired));
        assert!(matches!(refine_unauthorized(Error::Unauthorized(f), false), Error::Unauthorized(_)));
        assert_eq!(SignInCode::parse("NONCE_REUSED"), SignInCode::NonceReused);
        assert!(!SignInCode::NonceReused.is_clock());
    }
}
