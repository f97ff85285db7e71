//! x402 wallets, all of it: the verifying side of wallet access, the
//! wallets' balances, and the answers and routes that use them.
//!
//! Written apart from the client's signing side (`venice-image`'s `wallet`
//! module) on purpose: it reads the facts (EIP-4361 messages, EIP-191,
//! EIP-55, EIP-712, EIP-3009) on its own, recovers signers with `k256`'s
//! public-key recovery, and so catches the client's mistakes instead of
//! sharing them.
//!
//! From the bottom up:
//!
//! - [`crypto`]: keccak, signer recovery, EIP-55; `time`: RFC 3339 times.
//! - `terms`: the one offer (USDC on Base, [`PAY_TO`]) and its limits.
//! - [`siwx`]: a `SIGN-IN-WITH-X` header checked as the service checks it,
//!   with the service's 401 codes; `solana`: a Solana (Ed25519) sign-in's
//!   own checks.
//! - [`payment`]: an EIP-3009 top-up payment (`PAYMENT-SIGNATURE`) checked
//!   against the offer: signer, `payTo`, validity window, amount limits.
//! - `ledger`: each wallet's balance, history, spent nonces, payments
//!   credited and requests in flight.
//! - `sign_in`: a caller's sign-in verified and its nonce spent, or its 401.
//! - `challenge`: a 402's sign-in challenge and absolute resource URL.
//! - `required`: the 402s of the image routes (no credentials; a wallet
//!   short of the minimum).
//! - `routes`: `/x402/balance`, `/x402/transactions` and `/x402/top-up`.

mod challenge;
pub mod crypto;
mod ledger;
pub mod payment;
mod required;
mod routes;
mod sign_in;
pub mod siwx;
mod solana;
mod terms;
mod time;

pub use challenge::CHALLENGE_DOMAIN;
pub(crate) use challenge::resource_url;
pub(crate) use ledger::{Ledger, Slot};
pub(crate) use required::{covers, no_credentials, wallet_short};
pub(crate) use routes::route;
pub(crate) use sign_in::{sign_in_header, sign_in_refused, verify_sign_in};
pub use terms::{CHAIN_ID, MAX_TOP_UP_USD, MIN_BALANCE_USD, MIN_TOP_UP_USD, PAY_TO, SOLANA_CHAIN, USDC};
