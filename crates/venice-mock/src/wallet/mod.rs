//! The verifying side of x402 wallet access, written apart from the
//! client's signing side (`venice-image`'s `wallet` module) on purpose: it
//! reads the facts (EIP-4361 messages, EIP-191, EIP-55, EIP-712, EIP-3009)
//! on its own, recovers signers with `k256`'s public-key recovery, and so
//! catches the client's mistakes instead of sharing them.
//!
//! - [`siwx`]: a `SIGN-IN-WITH-X` header checked as the service checks it,
//!   with the service's 401 codes.
//! - [`payment`]: an EIP-3009 top-up payment (`PAYMENT-SIGNATURE`) checked
//!   against the offer: signer, `payTo`, validity window, amount limits.
//! - [`crypto`]: keccak, signer recovery, EIP-55.

pub mod crypto;
pub mod payment;
pub mod siwx;
pub(crate) mod time;

/// Base mainnet.
pub const CHAIN_ID: u64 = 8453;
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
