//! The wallet routes: `GET /x402/balance/{wallet}`, `GET
//! /x402/transactions/{wallet}` and `POST /x402/top-up` (its 402 offer
//! without a payment; with one, the payment verified and credited once, or
//! a scripted fault). Each but the top-up needs a verified sign-in for the
//! wallet in its path.

use std::time::{SystemTime, UNIX_EPOCH};

use hyper::{HeaderMap, Method, StatusCode};
use serde_json::json;

use super::challenge::resource_url;
use super::crypto::eip55;
use super::ledger::{Ledger, Micros, micros, usd};
use super::payment;
use super::sign_in::{sign_in_refused, verify_sign_in};
use super::terms::{MIN_BALANCE_USD, MIN_TOP_UP_USD, offer, payment_required_header};
use crate::config::{TopUpFault, wallet_key};
use crate::http::{Fail, Reply, header};

/// The signed-in wallet of a wallet route, or its 401.
fn signed_in(ledger: &Ledger, headers: &HeaderMap) -> Result<String, Fail> {
    let value = ["sign-in-with-x", "x-sign-in-with-x"]
        .iter()
        .find_map(|n| header(headers, n))
        .ok_or_else(|| Fail::new(401, "SIGN-IN-WITH-X is required"))?;
    let host = header(headers, "host");
    verify_sign_in(ledger, &value, host.as_deref(), true).map_err(|r| sign_in_refused(&r))
}

/// A wallet's address as the service shows it: EIP-55 for EVM, Solana's
/// base58 as it is.
fn shown(wallet: &str) -> String {
    match wallet.strip_prefix("0x") {
        Some(hex) => eip55(hex),
        None => wallet.to_owned(),
    }
}

fn wallet_of_path(rest: &str, signer: &str) -> Result<String, Fail> {
    let wallet = wallet_key(rest.trim_end_matches('/'));
    if wallet != signer {
        return Err(Fail::new(403, "The wallet in the path is not the signed-in wallet"));
    }
    Ok(wallet)
}

fn query_number(query: Option<&str>, name: &str) -> Option<Result<u64, ()>> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .map(|v| v.parse().map_err(|_| ()))
}

/// Answers a request under `/api/v1/x402/`, or `None` for another path.
pub(crate) fn route(
    ledger: &Ledger,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Option<Reply> {
    let rest = path.strip_prefix("/api/v1/x402/")?;
    let answer = |r: Result<Reply, Fail>| Some(r.unwrap_or_else(Reply::from_fail));
    if let Some(w) = rest.strip_prefix("balance/") {
        if method != Method::GET {
            return answer(Err(Fail::new(405, "Method not allowed")));
        }
        return answer(balance(ledger, w, headers));
    }
    if let Some(w) = rest.strip_prefix("transactions/") {
        if method != Method::GET {
            return answer(Err(Fail::new(405, "Method not allowed")));
        }
        return answer(transactions(ledger, w, query, headers));
    }
    if rest == "top-up" {
        if method != Method::POST {
            return answer(Err(Fail::new(405, "Method not allowed")));
        }
        return answer(top_up(ledger, path, headers));
    }
    None
}

fn balance(ledger: &Ledger, w: &str, headers: &HeaderMap) -> Result<Reply, Fail> {
    let wallet = wallet_of_path(w, &signed_in(ledger, headers)?)?;
    let b = ledger.balance_micros(&wallet);
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"success": true, "data": {
            "walletAddress": shown(&wallet),
            "balanceUsd": usd(b),
            "canConsume": b >= micros(MIN_BALANCE_USD),
            "minimumTopUpUsd": MIN_TOP_UP_USD,
            "suggestedTopUpUsd": 10,
        }}),
    ))
}

fn transactions(ledger: &Ledger, w: &str, query: Option<&str>, headers: &HeaderMap) -> Result<Reply, Fail> {
    let wallet = wallet_of_path(w, &signed_in(ledger, headers)?)?;
    let limit = match query_number(query, "limit") {
        None => 50,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => return Err(Fail::field("limit", "limit must be 1 to 100")),
    };
    let offset = match query_number(query, "offset") {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(())) => return Err(Fail::field("offset", "offset must be a whole number")),
    };
    let all = ledger.transactions(&wallet);
    let page: Vec<_> = all.iter().skip(offset as usize).take(limit as usize).collect();
    let has_more = (offset as usize).saturating_add(page.len()) < all.len();
    // Wrapped, as Venice's spec has it (and its client reads `data.data`).
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"success": true, "data": {
            "walletAddress": shown(&wallet),
            "currentBalance": ledger.balance(&wallet),
            "transactions": page,
            "pagination": {"limit": limit, "offset": offset, "hasMore": has_more},
        }}),
    ))
}

fn coded(status: u16, error: &str, code: &str) -> Fail {
    Fail::with_body(status, json!({"error": error, "code": code}))
}

fn top_up(ledger: &Ledger, path: &str, headers: &HeaderMap) -> Result<Reply, Fail> {
    // A sign-in, when sent, must verify (the payment names its payer).
    if ["sign-in-with-x", "x-sign-in-with-x"].iter().any(|n| header(headers, n).is_some()) {
        signed_in(ledger, headers)?;
    }
    let Some(value) =
        ["payment-signature", "x-402-payment", "x-payment"].iter().find_map(|n| header(headers, n))
    else {
        let mut f = Fail::with_body(
            402,
            json!({"x402Version": 2, "error": "Payment required", "accepts": [offer()]}),
        );
        f.headers.push(payment_required_header(&resource_url(headers, path), "Payment required"));
        return Err(f);
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let p = payment::verify(&value, now).map_err(|e| coded(402, &e.message, e.code))?;
    let amount =
        Micros::try_from(p.value).map_err(|_| coded(402, "the amount is too large", "INVALID_AMOUNT"))?;
    match ledger.next_fault() {
        Some(TopUpFault::InProgress) => {
            return Err(coded(
                409,
                "The payment is being settled; send the same payment again later",
                "PAYMENT_IN_PROGRESS",
            ));
        }
        Some(TopUpFault::SettlementTimeout { credited }) => {
            if credited {
                ledger.credit(&p.from, &p.nonce, amount);
            }
            return Err(coded(
                504,
                "Settlement timed out; check the balance before paying again",
                "SETTLEMENT_TIMEOUT",
            ));
        }
        Some(TopUpFault::SettlementFailed) => {
            return Err(coded(402, "Settlement failed; nothing was taken", "SETTLEMENT_FAILED"));
        }
        _ => {}
    }
    let c = ledger.credit(&p.from, &p.nonce, amount);
    let settled = json!({
        "success": true,
        "network": "eip155:8453",
        "payer": shown(&c.wallet),
        "transaction": format!("0x{:0>64}", p.nonce.get(..16).unwrap_or("0")),
    });
    let mut reply = Reply::json(
        StatusCode::OK,
        &json!({"success": true, "data": {
            "walletAddress": shown(&c.wallet),
            "amountCredited": usd(c.amount),
            "newBalance": usd(c.new_balance),
            "paymentId": c.payment_id,
        }}),
    );
    reply.headers.push(("payment-response", base64_simd::STANDARD.encode_to_string(settled.to_string())));
    Ok(reply)
}
