//! Paying with an x402 wallet instead of an API key.
//!
//! A wallet proves who calls with a `SIGN-IN-WITH-X` header: a message in
//! the EIP-4361 ("Sign-In with Ethereum") layout, signed by the wallet's
//! key. Venice spends each message's nonce on first use, so the header
//! serves exactly one HTTP request: the transport asks the
//! [`WalletSigner`] for a fresh one before **every attempt** (retries
//! included). A wallet whose balance is too low gets a 402
//! ([`PaymentRequired`], with the balance and the
//! top-up steps); a sign-in the service refuses is a
//! [`SignInRefusal`] carrying the service's code.
//!
//! The trait, the errors and the parsing of the service's answers are in
//! every build. With the `x402` feature: `EvmWallet` (secp256k1 via
//! RustCrypto's `k256`, keccak via `sha3`, EIP-191, EIP-55, EIP-712,
//! Web3 Secret Storage keystores) and the wallet calls on
//! [`Client`](crate::Client) (balance, transactions, top-up requirements,
//! and a top-up held to a `TopUpPolicy`).

mod error;
mod payment;

#[cfg(feature = "x402")]
mod calls;
#[cfg(feature = "x402")]
mod eip712;
#[cfg(feature = "x402")]
mod evm;
#[cfg(feature = "x402")]
mod hex;
#[cfg(feature = "x402")]
mod keystore;
#[cfg(feature = "x402")]
mod siwe;
#[cfg(feature = "x402")]
mod time;
#[cfg(feature = "x402")]
mod topup;

use std::fmt;
use std::time::SystemTime;

pub use error::WalletError;
pub use payment::{PaymentOption, PaymentRequired, SignInCode, SignInRefusal};
pub(crate) use payment::{on_402, refine_unauthorized};

#[cfg(feature = "x402")]
pub use calls::{Transaction, TransactionPage, WalletBalance};
#[cfg(feature = "x402")]
pub use eip712::{TokenDomain, TransferAuthorization};
#[cfg(feature = "x402")]
pub use evm::{BASE_CHAIN_ID, EvmWallet, SIGN_IN_DOMAIN, SIGN_IN_URI};
#[cfg(feature = "x402")]
pub use topup::{BASE_NETWORK, BASE_USDC, TopUpOffer, TopUpPlan, TopUpPolicy, TopUpReceipt};

use crate::auth::Secret;
use crate::error::Error;

/// The header a wallet signs in with (the legacy name is
/// `X-Sign-In-With-X`; this one is sent).
pub const SIGN_IN_HEADER: &str = "SIGN-IN-WITH-X";

/// Most requests a wallet may have in flight at once (the service answers
/// 429 `X402_CONCURRENCY_LIMIT` beyond): the transport holds the others.
pub const MAX_WALLET_IN_FLIGHT: usize = 5;

/// One signed sign-in: the header's value (a credential for one request,
/// never printed) and its nonce (not secret: for logs and tests).
#[derive(Clone, Debug)]
pub struct SignIn {
    /// The `SIGN-IN-WITH-X` value.
    pub header: Secret,
    /// The message's nonce.
    pub nonce: String,
}

/// A wallet that can sign in: its address, and a freshly signed sign-in
/// for a given time. Implement it for a hardware wallet or a remote signer;
/// `EvmWallet` (feature `x402`) holds a key in memory.
///
/// `Debug` must not show the key.
pub trait WalletSigner: Send + Sync + fmt::Debug {
    /// The wallet's address as the service shows it (EIP-55 checksummed for EVM).
    fn address(&self) -> String;

    /// A sign-in signed for `now`, with a nonce never used before. Called
    /// before every attempt of every request.
    fn sign_in(&self, now: SystemTime) -> Result<SignIn, Error>;

    /// Signs an EIP-712 digest (32 bytes) and gives the 65-byte r‖s‖v
    /// signature, for payments (EIP-3009 top-ups). The default refuses:
    /// a signer that only signs in cannot pay.
    fn sign_digest(&self, _digest: &[u8; 32]) -> Result<[u8; 65], Error> {
        Err(WalletError::SigningUnsupported.into())
    }
}
