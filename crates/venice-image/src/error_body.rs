//! Reading an error answer's JSON body: the message, the field details and
//! the advice some bodies carry ([`FailureAdvice`]).
//!
//! The common shape (`{error, details?, code?}`) is read with the generated
//! merged error type. Venice documents two more: a content-policy refusal
//! may add `suggested_prompt`, and a provider's refusal puts an *object* in
//! `error` (`{message, type, recommended_model?, credits_refunded}`). Which
//! shape a body has is decided by the JSON type of its `error` field, never
//! by its text.

use serde_json::{Map, Value};
use venice_raw::types;

use crate::failure::FailureAdvice;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
