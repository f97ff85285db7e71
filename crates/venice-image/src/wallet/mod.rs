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
//! The trait, the errors and the types of the service's answers are in
//! every build: they sit below the error type and the transport (the
//! answers and errors in the crate's `error` stage, where the answers are
//! read; the trait in `auth`) and are re-exported here. With the
//! `x402` feature: `EvmWallet` (secp256k1 via
//! RustCrypto's `k256`, keccak via `sha3`, EIP-191, EIP-55, EIP-712,
//! Web3 Secret Storage keystores), `SolanaWallet` (Ed25519 sign-in via
//! `ed25519-dalek`, base58 keys and keypair files; it signs no top-ups) and the wallet calls on
//! [`Client`](crate::Client) (balance, transactions, top-up requirements,
//! and a top-up held to a `TopUpPolicy`).

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
mod solana;
#[cfg(feature = "x402")]
mod topup;

pub use crate::auth::signer::{MAX_WALLET_IN_FLIGHT, SIGN_IN_HEADER, SignIn, WalletSigner};
pub use crate::error::payment::{
    PaymentOption, PaymentRequired, SignInChain, SignInChallenge, SignInCode, SignInRefusal,
};
pub use crate::error::wallet::WalletError;

#[cfg(feature = "x402")]
pub use calls::{Transaction, TransactionPage, WalletBalance};
#[cfg(feature = "x402")]
pub use eip712::{TokenDomain, TransferAuthorization};
#[cfg(feature = "x402")]
pub use evm::{BASE_CHAIN_ID, EvmWallet, SIGN_IN_DOMAIN, SIGN_IN_URI};
#[cfg(feature = "x402")]
pub use keystore::{PBKDF2_MAX_C, SCRYPT_MAX_N, SCRYPT_MAX_N_R, SCRYPT_MAX_N_R_P, SCRYPT_MAX_R_P};
#[cfg(feature = "x402")]
pub use solana::{SOLANA_CHAIN_ID, SOLANA_MAINNET, SolanaWallet};
#[cfg(feature = "x402")]
pub use topup::{BASE_NETWORK, BASE_USDC, TopUpOffer, TopUpPlan, TopUpPolicy, TopUpReceipt};
