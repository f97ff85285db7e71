//! What can go wrong on the wallet's side, before or after a top-up is
//! sent: the key, the keystore, the top-up policy, the settlement. Each
//! variant has its [`ErrorKind`](crate::ErrorKind) (see
//! [`WalletError::kind`]). In every build, below the error type that
//! carries it ([`Error::Wallet`](crate::Error::Wallet)); re-exported from
//! `wallet`.

use crate::error::failure::ApiFailure;
use crate::error::kind::ErrorKind;

/// A wallet failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalletError {
    /// The key is not 32 bytes of hex (with or without `0x`), or not a
    /// valid secp256k1 key.
    #[error("the wallet key is not a valid private key (64 hex digits, with or without 0x)")]
    InvalidKey,
    /// The Solana key is not a base58 secret key (64 bytes, or a 32-byte
    /// seed) nor a keypair file's JSON array of 64 numbers.
    #[error(
        "the Solana key is not a base58 secret key (64 bytes, or a 32-byte seed) nor a keypair file (a JSON array of 64 numbers)"
    )]
    InvalidSolanaKey,
    /// The wallet's chain cannot pay a top-up here; nothing was signed.
    #[error(
        "venice cannot top up a wallet on {chain}: x402's exact scheme there (a partially signed SPL token transfer on Solana) is not implemented; nothing was signed. Top it up with another x402 client, or pay with a Base (EVM) wallet"
    )]
    TopUpUnsupported {
        /// The wallet's chain (CAIP-2).
        chain: String,
    },
    /// The keystore cannot be read as Web3 Secret Storage v3.
    #[error("the wallet keystore cannot be used: {0}")]
    Keystore(String),
    /// The keystore's key derivation asks for more work or memory than any
    /// keystore a wallet writes (scrypt `n` up to 2^20, `r` and `p` up to
    /// 16; PBKDF2 up to 10^7 rounds; a 32-byte key): refused before
    /// anything is allocated or derived.
    #[error(
        "the wallet keystore's {kdf} {parameter} = {value} is outside what a keystore uses ({allowed}); nothing was derived: write the keystore again with a wallet (geth, cast wallet, eth-account)"
    )]
    KdfOutOfBounds {
        /// `scrypt` or `pbkdf2`.
        kdf: &'static str,
        /// The parameter (`n`, `r`, `p`, `c`, `dklen`).
        parameter: &'static str,
        /// Its value in the keystore.
        value: u64,
        /// What is accepted.
        allowed: &'static str,
    },
    /// The keystore's MAC does not match: the password is wrong (or the
    /// file damaged).
    #[error("the keystore password is wrong (or the keystore is damaged)")]
    WrongPassword,
    /// The signer can sign in but not sign payments.
    #[error("this wallet signer cannot sign payments")]
    SigningUnsupported,
    /// A wallet call was made without a wallet.
    #[error("this call needs a wallet (an x402 signer), not an API key")]
    NoWallet,
    /// The system's random source failed.
    #[error("no randomness for a nonce: {0}")]
    Random(String),
    /// The top-up is above the caller's cap; nothing was signed.
    #[error("a top-up of ${amount:.2} is above the cap of ${cap:.2}; nothing was signed")]
    AboveCap {
        /// The amount asked for, USD.
        amount: f64,
        /// The cap, USD.
        cap: f64,
    },
    /// The policy's cap is not a number of USD (NaN, infinite or
    /// negative): it would cap nothing, so every top-up is refused.
    #[error("the top-up cap {cap} is not an amount of USD (a finite number, 0 or more); nothing was signed")]
    InvalidCap {
        /// The cap, as set.
        cap: f64,
    },
    /// The top-up is outside the service's limits; nothing was signed.
    #[error(
        "a top-up of ${amount:.2} is outside the service's limits (${minimum:.2} to ${maximum:.2}); nothing was signed"
    )]
    OutsideLimits {
        /// The amount asked for, USD.
        amount: f64,
        /// The service's minimum, USD.
        minimum: f64,
        /// The service's maximum, USD.
        maximum: f64,
    },
    /// The amount is not a positive number of USD with at most 6 decimals.
    #[error("{0:?} is not an amount a top-up can carry (USD, more than 0, at most 6 decimals)")]
    InvalidAmount(String),
    /// The service offered no way to pay that the policy allows.
    #[error("the service offers no payment the policy allows (offered: {offered}; allowed: {allowed})")]
    NoAcceptableOffer {
        /// What the service offered (scheme network asset).
        offered: String,
        /// What the policy allows.
        allowed: String,
    },
    /// 504 `SETTLEMENT_TIMEOUT`: the payment may or may not settle. The
    /// balance was read afterwards (when it could be); sign nothing new
    /// before checking it again.
    #[error("the top-up's settlement timed out ({failure}); it may still be credited: balance now {}; check `balance` before paying again", balance.map_or("unknown".to_owned(), |b| format!("${b:.2}")))]
    SettlementUnknown {
        /// The 504.
        failure: Box<ApiFailure>,
        /// The balance read after the 504, USD.
        balance: Option<f64>,
    },
    /// 402 `SETTLEMENT_FAILED`: the payment was not taken; safe to try again.
    #[error("the top-up's settlement failed ({0}); nothing was taken, it is safe to try again")]
    SettlementFailed(Box<ApiFailure>),
    /// 409 `PAYMENT_IN_PROGRESS` on every resubmission of the same payment.
    #[error("the top-up is still in progress ({0}); check the balance later before paying again")]
    StillInProgress(Box<ApiFailure>),
}

impl WalletError {
    /// The kind of this failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidKey
            | Self::InvalidSolanaKey
            | Self::Keystore(_)
            | Self::KdfOutOfBounds { .. }
            | Self::WrongPassword
            | Self::NoWallet => ErrorKind::Auth,
            Self::SigningUnsupported | Self::TopUpUnsupported { .. } => ErrorKind::Config,
            Self::Random(_) => ErrorKind::Internal,
            Self::AboveCap { .. }
            | Self::InvalidCap { .. }
            | Self::OutsideLimits { .. }
            | Self::InvalidAmount(_)
            | Self::NoAcceptableOffer { .. } => ErrorKind::InvalidInput,
            Self::SettlementUnknown { .. } | Self::SettlementFailed(_) | Self::StillInProgress(_) => {
                ErrorKind::Payment
            }
        }
    }

    /// The service's answer, for failures that come from one.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Self::SettlementUnknown { failure, .. } => Some(failure),
            Self::SettlementFailed(f) | Self::StillInProgress(f) => Some(f),
            _ => None,
        }
    }
}
