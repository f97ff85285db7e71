//! x402 wallets: the two 402 bodies of the image routes (no credentials at
//! all; a signed-in wallet below the minimum balance) with their
//! `PAYMENT-REQUIRED` header, and the wallet routes: `GET
//! /x402/balance/{wallet}`, `GET /x402/transactions/{wallet}` and `POST
//! /x402/top-up` (its 402 offer without a payment; with one, the payment
//! verified and credited once, or a scripted fault).

use std::time::{SystemTime, UNIX_EPOCH};

use hyper::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use super::access::{sign_in_refused, verify_sign_in};
use super::header;
use super::reply::{Fail, Reply};
use crate::config::TopUpFault;
use crate::state::State;
use crate::wallet::crypto::eip55;
use crate::wallet::{MIN_BALANCE_USD, MIN_TOP_UP_USD, PAY_TO, USDC, payment};

/// The one way to top up: USDC on Base, the minimum as the amount.
fn offer() -> Value {
    json!({
        "scheme": "exact",
        "network": "eip155:8453",
        "amount": format!("{}", (MIN_TOP_UP_USD * 1e6) as u64),
        "asset": USDC,
        "payTo": PAY_TO,
        "maxTimeoutSeconds": 300,
        "extra": {"name": "USD Coin", "version": "2"},
    })
}

/// The `PAYMENT-REQUIRED` header: base64 of an x402 v2 PaymentRequired.
fn payment_required_header(path: &str, error: &str) -> (&'static str, String) {
    let v = json!({
        "x402Version": 2,
        "error": error,
        "resource": {"url": path, "description": "Venice image API", "mimeType": "application/json"},
        "accepts": [offer()],
    });
    ("payment-required", base64_simd::STANDARD.encode_to_string(v.to_string()))
}

fn fail(status: u16, body: Value) -> Fail {
    let mut f = Fail::new(status, "");
    f.body = body;
    f
}

/// 402 to a request with no credentials at all.
pub(super) fn no_credentials(path: &str) -> Fail {
    let mut f = fail(
        402,
        json!({
            "x402Version": 2,
            "error": "Authentication or payment required",
            "resource": {"url": path, "description": "Venice image API", "mimeType": "application/json"},
            "accepts": [offer()],
            "extensions": {},
            "authOptions": {
                "apiKey": {"header": "Authorization", "format": "Bearer <key>"},
                "x402Wallet": {
                    "header": "SIGN-IN-WITH-X",
                    "legacyHeader": "X-Sign-In-With-X",
                    "topUp": "/api/v1/x402/top-up",
                    "docs": "https://docs.venice.ai",
                },
            },
        }),
    );
    f.headers.push(payment_required_header(path, "Authentication or payment required"));
    f
}

/// 402 to a signed-in wallet whose balance does not cover a call.
pub(super) fn wallet_short(state: &State, wallet: &str, path: &str) -> Fail {
    let balance = state.ledger.balance(wallet);
    let mut f = fail(
        402,
        json!({
            "error": "Payment required",
            "code": "PAYMENT_REQUIRED",
            "reason": "insufficient_balance",
            "message": format!("The wallet's balance is ${balance:.2}; top up at least ${MIN_TOP_UP_USD:.0} in USDC on Base"),
            "currentBalanceUsd": balance,
            "minimumBalanceUsd": MIN_BALANCE_USD,
            "suggestedTopUpUsd": 10,
            "minimumTopUpUsd": MIN_TOP_UP_USD,
            "supportedTokens": ["USDC"],
            "supportedChains": ["eip155:8453"],
            "topUpInstructions": {
                "step1": "Hold USDC on Base in this wallet",
                "step2": "Sign an EIP-3009 transferWithAuthorization to receiverWallet",
                "step3": "POST it to /api/v1/x402/top-up in a PAYMENT-SIGNATURE header",
                "receiverWallet": PAY_TO,
                "tokenAddress": USDC,
                "tokenDecimals": 6,
                "network": "eip155:8453",
                "minimumAmountUsd": MIN_TOP_UP_USD,
            },
            "siwxChallenge": {"domain": "api.venice.ai", "chainId": 8453},
        }),
    );
    f.headers.push(payment_required_header(path, "insufficient_balance"));
    f
}

/// The balance a wallet needs for a call of `price`.
pub(super) fn covers(state: &State, wallet: &str, price: f64) -> bool {
    let b = state.ledger.balance(wallet);
    b + 1e-9 >= MIN_BALANCE_USD.max(price)
}

/// The signed-in wallet of a wallet route, or its 401.
fn signed_in(state: &State, headers: &HeaderMap) -> Result<String, Fail> {
    let value = ["sign-in-with-x", "x-sign-in-with-x"]
        .iter()
        .find_map(|n| header(headers, n))
        .ok_or_else(|| Fail::new(401, "SIGN-IN-WITH-X is required"))?;
    verify_sign_in(state, &value, true).map_err(|r| sign_in_refused(&r))
}

fn wallet_of_path(rest: &str, signer: &str) -> Result<String, Fail> {
    let wallet = rest.trim_end_matches('/').to_ascii_lowercase();
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
pub(super) fn route(
    state: &State,
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
        return answer(balance(state, w, headers));
    }
    if let Some(w) = rest.strip_prefix("transactions/") {
        if method != Method::GET {
            return answer(Err(Fail::new(405, "Method not allowed")));
        }
        return answer(transactions(state, w, query, headers));
    }
    if rest == "top-up" {
        if method != Method::POST {
            return answer(Err(Fail::new(405, "Method not allowed")));
        }
        return answer(top_up(state, path, headers));
    }
    None
}

fn balance(state: &State, w: &str, headers: &HeaderMap) -> Result<Reply, Fail> {
    let wallet = wallet_of_path(w, &signed_in(state, headers)?)?;
    let b = state.ledger.balance(&wallet);
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"success": true, "data": {
            "walletAddress": eip55(&wallet[2..]),
            "balanceUsd": b,
            "canConsume": b + 1e-9 >= MIN_BALANCE_USD,
            "minimumTopUpUsd": MIN_TOP_UP_USD,
            "suggestedTopUpUsd": 10,
        }}),
    ))
}

fn transactions(state: &State, w: &str, query: Option<&str>, headers: &HeaderMap) -> Result<Reply, Fail> {
    let wallet = wallet_of_path(w, &signed_in(state, headers)?)?;
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
    let all = state.ledger.transactions(&wallet);
    let page: Vec<_> = all.iter().skip(offset as usize).take(limit as usize).collect();
    let has_more = (offset as usize).saturating_add(page.len()) < all.len();
    Ok(Reply::json(
        StatusCode::OK,
        &json!({
            "walletAddress": eip55(&wallet[2..]),
            "currentBalance": state.ledger.balance(&wallet),
            "transactions": page,
            "pagination": {"limit": limit, "offset": offset, "hasMore": has_more},
        }),
    ))
}

fn coded(status: u16, error: &str, code: &str) -> Fail {
    fail(status, json!({"error": error, "code": code}))
}

fn top_up(state: &State, path: &str, headers: &HeaderMap) -> Result<Reply, Fail> {
    // A sign-in, when sent, must verify (the payment names its payer).
    if ["sign-in-with-x", "x-sign-in-with-x"].iter().any(|n| header(headers, n).is_some()) {
        signed_in(state, headers)?;
    }
    let Some(value) =
        ["payment-signature", "x-402-payment", "x-payment"].iter().find_map(|n| header(headers, n))
    else {
        let mut f = fail(402, json!({"x402Version": 2, "error": "Payment required", "accepts": [offer()]}));
        f.headers.push(payment_required_header(path, "Payment required"));
        return Err(f);
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let p = payment::verify(&value, now).map_err(|e| coded(402, &e.message, e.code))?;
    let usd = p.value as f64 / 1e6;
    match state.ledger.next_fault() {
        Some(TopUpFault::InProgress) => {
            return Err(coded(
                409,
                "The payment is being settled; send the same payment again later",
                "PAYMENT_IN_PROGRESS",
            ));
        }
        Some(TopUpFault::SettlementTimeout { credited }) => {
            if credited {
                state.ledger.credit(&p.from, &p.nonce, usd);
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
    let c = state.ledger.credit(&p.from, &p.nonce, usd);
    let settled = json!({
        "success": true,
        "network": "eip155:8453",
        "payer": eip55(&c.wallet[2..]),
        "transaction": format!("0x{:0>64}", p.nonce.get(..16).unwrap_or("0")),
    });
    let mut reply = Reply::json(
        StatusCode::OK,
        &json!({"success": true, "data": {
            "walletAddress": eip55(&c.wallet[2..]),
            "amountCredited": c.amount,
            "newBalance": c.new_balance,
            "paymentId": c.payment_id,
        }}),
    );
    reply.headers.push(("payment-response", base64_simd::STANDARD.encode_to_string(settled.to_string())));
    Ok(reply)
}
