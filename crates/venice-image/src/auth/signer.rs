//! The wallet as the transport sees it: the [`WalletSigner`] trait (an
//! address, and a fresh [`SignIn`] before every attempt), the header a
//! sign-in is sent in, and the most requests a wallet may have in flight.
//! In every build, below `auth` and the transport; re-exported from
//! `wallet`, where the EVM signer and the wallet calls are.

use std::fmt;
use std::time::SystemTime;

use crate::auth::secret::Secret;
use crate::error::Error;
use crate::error::wallet::WalletError;

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
/// `EvmWallet` and `SolanaWallet` (feature `x402`) hold a key in memory.
///
/// `Debug` must not show the key.
pub trait WalletSigner: Send + Sync + fmt::Debug {
    /// The wallet's address as the service shows it (EIP-55 checksummed for EVM).
    fn address(&self) -> String;

    /// The wallet's chain, CAIP-2: `eip155:8453` (Base, the default) or
    /// `solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`. Top-ups are signed on
    /// Base only: another chain is refused before anything is signed.
    fn chain_id(&self) -> String {
        "eip155:8453".to_owned()
    }

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
