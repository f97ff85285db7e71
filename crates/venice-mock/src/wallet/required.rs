//! The 402s of the image routes, in the service's shapes: a request with
//! no credentials at all (the x402 offer and the ways to authenticate), and
//! a signed-in wallet whose balance does not cover a call (the top-up
//! steps); and whether a wallet's balance covers a call.

use serde_json::json;

use super::ledger::{Ledger, micros};
use super::terms::{MIN_BALANCE_USD, MIN_TOP_UP_USD, PAY_TO, USDC, offer, payment_required_header};
use crate::http::Fail;

/// 402 to a request with no credentials at all.
pub(crate) fn no_credentials(path: &str) -> Fail {
    let mut f = Fail::with_body(
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
pub(crate) fn wallet_short(ledger: &Ledger, wallet: &str, path: &str) -> Fail {
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
            "siwxChallenge": {"domain": "api.venice.ai", "chainId": 8453},
        }),
    );
    f.headers.push(payment_required_header(path, "insufficient_balance"));
    f
}

/// The balance a wallet needs for a call of `price`.
pub(crate) fn covers(ledger: &Ledger, wallet: &str, price: f64) -> bool {
    ledger.balance_micros(wallet) >= micros(MIN_BALANCE_USD.max(price))
}
