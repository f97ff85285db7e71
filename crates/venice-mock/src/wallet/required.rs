//! The 402s of the image routes, in the service's shapes: a request with
//! no credentials at all (the x402 offer and the ways to authenticate), and
//! a signed-in wallet whose balance does not cover a call (the top-up
//! steps), each with a fresh sign-in challenge and the resource as an
//! absolute URL, as Venice's spec has them; and whether a wallet's balance
//! covers a call.

use serde_json::json;

use super::challenge::sign_in_challenge;
use super::ledger::{Ledger, micros};
use super::terms::{MIN_BALANCE_USD, MIN_TOP_UP_USD, PAY_TO, USDC, offer, payment_required_header};
use crate::http::Fail;

/// 402 to a request with no credentials at all, for the resource at `url`
/// (absolute: see `challenge::resource_url`).
pub(crate) fn no_credentials(url: &str) -> Fail {
    let mut f = Fail::with_body(
        402,
        json!({
            "x402Version": 2,
            "error": "Authentication or payment required",
            "resource": {"url": url, "description": "Venice image API", "mimeType": "application/json"},
            "accepts": [offer()],
            "extensions": {"sign-in-with-x": sign_in_challenge(url)},
            "authOptions": {
                "apiKey": {
                    "header": "Authorization: Bearer YOUR_API_KEY",
                    "getKey": "https://venice.ai/settings/api",
                    "docs": "https://docs.venice.ai/api-reference",
                },
                "x402Wallet": {
                    "header": "SIGN-IN-WITH-X",
                    "legacyHeader": "X-Sign-In-With-X",
                    "topUp": "POST /api/v1/x402/top-up",
                    "docs": "https://docs.venice.ai/api-reference/endpoint/x402/top-up",
                },
            },
        }),
    );
    f.headers.push(payment_required_header(url, "Authentication or payment required"));
    f
}

/// 402 to a signed-in wallet whose balance does not cover a call of the
/// resource at `url` (absolute).
pub(crate) fn wallet_short(ledger: &Ledger, wallet: &str, url: &str) -> Fail {
    let balance = ledger.balance(wallet);
    let mut f = Fail::with_body(
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
            "siwxChallenge": sign_in_challenge(url),
        }),
    );
    f.headers.push(payment_required_header(url, "insufficient_balance"));
    f
}

/// The balance a wallet needs for a call of `price`.
pub(crate) fn covers(ledger: &Ledger, wallet: &str, price: f64) -> bool {
    ledger.balance_micros(wallet) >= micros(MIN_BALANCE_USD.max(price))
}
