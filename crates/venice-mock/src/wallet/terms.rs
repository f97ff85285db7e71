//! The emulator's one x402 offer: USDC on Base, paid to a test address,
//! with the top-up limits and the balance a call needs; and the
//! `PAYMENT-REQUIRED` header that carries the offer.

use serde_json::{Value, json};

/// Base mainnet.
pub const CHAIN_ID: u64 = 8453;
/// Solana mainnet as a CAIP-2 chain id (its genesis hash).
pub const SOLANA_CHAIN: &str = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
/// USDC on Base, the asset top-ups are paid in.
pub const USDC: &str = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
/// Where the emulator's top-ups are paid to (nobody's wallet).
pub const PAY_TO: &str = "0x7e57000000000000000000000000000000000001";
/// The smallest and largest top-up, USD.
pub const MIN_TOP_UP_USD: f64 = 5.0;
/// See [`MIN_TOP_UP_USD`].
pub const MAX_TOP_UP_USD: f64 = 10_000.0;
/// The balance a wallet needs for an image call, USD.
pub const MIN_BALANCE_USD: f64 = 0.10;

/// The one way to top up: USDC on Base, the minimum as the amount.
pub(crate) fn offer() -> Value {
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

/// The `PAYMENT-REQUIRED` header: base64 of an x402 v2 PaymentRequired
/// for the resource at `url` (absolute).
pub(crate) fn payment_required_header(url: &str, error: &str) -> (&'static str, String) {
    let v = json!({
        "x402Version": 2,
        "error": error,
        "resource": {"url": url, "description": "Venice image API", "mimeType": "application/json"},
        "accepts": [offer()],
    });
    ("payment-required", base64_simd::STANDARD.encode_to_string(v.to_string()))
}
