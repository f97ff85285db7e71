//! Reading an error answer's JSON body: the message, the field details and
//! the advice some bodies carry ([`FailureAdvice`]).
//!
//! The common shape (`{error, details?, code?}`) is read with the generated
//! merged error type. Venice documents two more: a content-policy refusal
//! may add `suggested_prompt`, and a provider's refusal puts an *object* in
//! `error` (`{message, type, recommended_model?, credits_refunded}`). Which
//! shape a body has is decided by the JSON type of its `error` field, never
//! by its text.
//!
//! A 402 and a wallet's refused sign-in are read further, into the
//! wallet's types ([`on_402`]: a [`PaymentRequired`] from x402's body or
//! `PAYMENT-REQUIRED` header; [`refine_unauthorized`]: a [`SignInRefusal`]
//! with the service's code), from the JSON's fields and types, never from
//! message text.

use reqwest::header::HeaderMap;
use serde_json::{Map, Value};
use venice_raw::types;

use crate::error::Error;
use crate::error::failure::{ApiFailure, FailureAdvice};
use crate::error::payment::{PaymentOption, PaymentRequired, SignInChallenge, SignInCode, SignInRefusal};

/// What an error body said.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ErrorBody {
    /// The service's message, when it gave one.
    pub message: Option<String>,
    /// Field details (a 400's `details`), as JSON text.
    pub details: Option<String>,
    /// Everything else worth showing.
    pub advice: FailureAdvice,
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn details_text(details: &Map<String, Value>) -> Option<String> {
    (!details.is_empty()).then(|| Value::Object(details.clone()).to_string())
}

/// Reads a JSON error body; `None` when the body is not a JSON object.
pub(crate) fn read(body: &[u8]) -> Option<ErrorBody> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let mut advice =
        FailureAdvice { suggested_prompt: text(object.get("suggested_prompt")), ..Default::default() };
    let (message, details) = match object.get("error") {
        // A provider's refusal: `error` is an object.
        Some(Value::Object(provider)) => {
            advice.kind = text(provider.get("type"));
            advice.recommended_model = text(provider.get("recommended_model"));
            advice.credits_refunded = provider.get("credits_refunded").and_then(Value::as_bool);
            advice.code = text(object.get("code"));
            let details = object.get("details").and_then(Value::as_object).and_then(details_text);
            (text(provider.get("message")), details)
        }
        // The common shape, read with the generated type.
        _ => match serde_json::from_value::<types::ApiError>(value.clone()) {
            Ok(e) => {
                advice.code = e.code.clone();
                (e.error.clone(), details_text(&e.details))
            }
            Err(_) => (text(object.get("error")), None),
        },
    };
    Some(ErrorBody { message, details, advice })
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
            || o.contains_key("siwxChallenge")
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
        sign_in_challenge: challenge_of(json.as_ref(), header.as_ref()),
        header,
        failure,
    }))
}

/// The sign-in challenge of a 402: the body's `siwxChallenge`, else the
/// body's or the header's `extensions["sign-in-with-x"]`.
fn challenge_of(body: Option<&Value>, header: Option<&Value>) -> Option<SignInChallenge> {
    fn ext(v: Option<&Value>) -> Option<&Value> {
        v?.get("extensions")?.get("sign-in-with-x")
    }
    body.and_then(|b| b.get("siwxChallenge"))
        .or_else(|| ext(body))
        .or_else(|| ext(header))
        .and_then(SignInChallenge::from_value)
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
    fn the_common_shape_with_details_and_code() {
        let b = read(br#"{"error":"bad","details":{"prompt":"long"},"code":"PAYLOAD_TOO_LARGE"}"#).unwrap();
        assert_eq!(b.message.as_deref(), Some("bad"));
        assert_eq!(b.details.as_deref(), Some(r#"{"prompt":"long"}"#));
        assert_eq!(b.advice.code.as_deref(), Some("PAYLOAD_TOO_LARGE"));
        assert!(b.advice.suggested_prompt.is_none());
    }

    #[test]
    fn a_content_violation_carries_its_suggested_prompt() {
        let b = read(br#"{"error":"Content policy violation","suggested_prompt":"a calm lake"}"#).unwrap();
        assert_eq!(b.message.as_deref(), Some("Content policy violation"));
        assert_eq!(b.advice.suggested_prompt.as_deref(), Some("a calm lake"));
    }

    #[test]
    fn a_provider_refusal_puts_an_object_in_error() {
        let b = read(
            br#"{"error":{"message":"The provider refused this. Credits have been refunded.","type":"provider_content_policy","recommended_model":"qwen-edit-2","credits_refunded":true}}"#,
        )
        .unwrap();
        assert_eq!(b.message.as_deref(), Some("The provider refused this. Credits have been refunded."));
        assert_eq!(b.advice.kind.as_deref(), Some("provider_content_policy"));
        assert_eq!(b.advice.recommended_model.as_deref(), Some("qwen-edit-2"));
        assert_eq!(b.advice.credits_refunded, Some(true));
    }

    #[test]
    fn bodies_that_are_not_objects_are_left_to_the_caller() {
        assert!(read(b"<html>").is_none());
        assert!(read(br#""text""#).is_none());
        assert_eq!(read(b"{}").unwrap(), ErrorBody::default());
    }

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
    fn the_sign_in_challenge_is_read_from_either_place() {
        let challenge = r#"{"info":{"domain":"api.venice.ai","uri":"https://api.venice.ai/api/v1/image/edit",
            "version":"1","nonce":"0123456789abcdef","issuedAt":"2026-12-01T12:00:00.000Z",
            "expirationTime":"2026-12-01T12:05:00.000Z","statement":"Sign in to Venice AI"},
            "supportedChains":[{"chainId":"eip155:8453","type":"eip191"},
            {"chainId":"solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp","type":"ed25519"}]}"#;
        let short =
            format!(r#"{{"error":"Payment required","currentBalanceUsd":0,"siwxChallenge":{challenge}}}"#);
        let none =
            format!(r#"{{"x402Version":2,"accepts":[],"extensions":{{"sign-in-with-x":{challenge}}}}}"#);
        for body in [short, none] {
            let e = on_402(ApiFailure::new(402, "Payment required"), &HeaderMap::new(), body.as_bytes());
            let Error::PaymentRequired(p) = e else { panic!() };
            let c = p.sign_in_challenge.expect("a challenge");
            assert_eq!(c.domain.as_deref(), Some("api.venice.ai"));
            assert_eq!(c.chains.len(), 2);
            assert!(c.accepts_chain("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"));
            assert!(!c.accepts_chain("eip155:1"));
        }
        let old = br#"{"currentBalanceUsd":0,"siwxChallenge":{"domain":"api.venice.ai","chainId":8453}}"#;
        let Error::PaymentRequired(p) = on_402(ApiFailure::new(402, "x"), &HeaderMap::new(), old) else {
            panic!()
        };
        assert!(p.sign_in_challenge.unwrap().accepts_chain("eip155:8453"), "the older shape");
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
