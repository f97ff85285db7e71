//! What an error answer advised beyond its message (a prompt the content
//! policy would take, a model to try, a refund), from the library's typed
//! [`FailureAdvice`]: as text for the error line, as fields for `--json`
//! and `--report` lines.

use serde_json::{Map, Value, json};
use venice_image::{Error, FailureAdvice};

fn advice(e: &Error) -> Option<&FailureAdvice> {
    e.api_failure().map(|f| &*f.advice).filter(|a| !a.is_empty())
}

/// For a wallet's 402: the balance, the minimum and suggested top-up, and
/// the command that tops up.
pub fn payment(e: &Error) -> Option<String> {
    let Error::PaymentRequired(p) = e else { return None };
    let mut text = match p.balance_usd {
        Some(b) => format!("the wallet's balance (${b:.2}) does not cover the call"),
        None => "the service asks for payment".to_owned(),
    };
    let minimum = p.minimum_top_up_usd.unwrap_or(5.0);
    let suggested = p.suggested_top_up_usd.unwrap_or(minimum).max(minimum);
    text.push_str(&format!(
        "; top up at least ${minimum:.2} (suggested ${suggested:.2}) in USDC on Base: venice wallet top-up {suggested}"
    ));
    if suggested > 10.0 {
        text.push_str(&format!(" --max-top-up {suggested}"));
    }
    // The service's sign-in challenge, when sent: where and on which
    // chains a wallet signs in.
    if let Some(c) = &p.sign_in_challenge {
        let chains: Vec<&str> = c.chains.iter().map(|c| c.chain_id.as_str()).collect();
        text.push_str(&format!(
            "; sign in to {} on {}",
            c.domain.as_deref().unwrap_or("the service"),
            if chains.is_empty() { "its chain".to_owned() } else { chains.join(" or ") }
        ));
    }
    Some(text)
}

/// `; suggested prompt: "..."; the service suggests the model X; ...`, or nothing.
pub fn text(e: &Error) -> String {
    if let Some(p) = payment(e) {
        return format!(" ({p})");
    }
    let Some(a) = advice(e) else { return String::new() };
    let mut out = String::new();
    if let Some(p) = &a.suggested_prompt {
        out.push_str(&format!("; the service suggests the prompt {p:?}"));
    }
    if let Some(m) = &a.recommended_model {
        out.push_str(&format!("; the service suggests the model {m} (-m {m})"));
    }
    match a.credits_refunded {
        Some(true) => out.push_str("; the credits were refunded"),
        Some(false) => out.push_str("; the credits were not refunded"),
        None => {}
    }
    out
}

/// The advice as JSON fields (`suggested_prompt`, `recommended_model`,
/// `credits_refunded`, `error_code`, `error_type`; for a 402, the
/// `sign_in_challenge`: its domain and chains), each when given.
pub fn fields(e: &Error) -> Map<String, Value> {
    let mut m = Map::new();
    if let Error::PaymentRequired(p) = e
        && let Some(c) = &p.sign_in_challenge
    {
        m.insert("sign_in_challenge".into(), json!({"domain": c.domain, "chains": c.chains}));
    }
    let Some(a) = advice(e) else { return m };
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_owned(), v);
        }
    };
    put("suggested_prompt", json!(a.suggested_prompt));
    put("recommended_model", json!(a.recommended_model));
    put("credits_refunded", json!(a.credits_refunded));
    put("error_code", json!(a.code));
    put("error_type", json!(a.kind));
    m
}
