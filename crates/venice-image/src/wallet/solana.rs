//! [`SolanaWallet`]: an Ed25519 key held in memory (zeroized on drop by
//! `ed25519-dalek`), its base58 address, and the Solana sign-in Venice's
//! spec describes: the SIWX message naming a Solana account and Solana
//! mainnet's chain, signed with Ed25519 over its UTF-8 bytes, sent with
//! `type: "ed25519"` and `chainId: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"`.
//!
//! Keys come as Solana's tools write them: a base58 secret key (64 bytes,
//! seed then public key, as wallets export it; or the 32-byte seed), or a
//! Solana CLI keypair file (`~/.config/solana/id.json`: a JSON array of
//! the same 64 bytes). Top-ups are not signed: x402's `exact` scheme on
//! Solana (a partially signed SPL token transfer) is not implemented, and
//! [`Client::prepare_top_up`](crate::Client::prepare_top_up) says so
//! before anything is signed.

use std::fmt;
use std::time::SystemTime;

use ed25519_dalek::{Signer, SigningKey};
use zeroize::Zeroizing;

use super::evm::{SIGN_IN_DOMAIN, SIGN_IN_URI, STATEMENT, random};
use super::{SignIn, WalletSigner, hex, siwe};
use crate::auth::secret::Secret;
use crate::error::Error;
use crate::error::wallet::WalletError;

/// Solana mainnet's genesis hash: the chain id its sign-in messages name.
pub const SOLANA_MAINNET: &str = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
/// Solana mainnet as a CAIP-2 chain id, as the header's `chainId` names it.
pub const SOLANA_CHAIN_ID: &str = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";

/// A Solana wallet from its secret key. `Debug` shows the address only.
///
/// ```
/// use venice_image::wallet::SolanaWallet;
///
/// // RFC 8032's first test key (public: never fund it), as a keypair file.
/// let mut pair = vec![0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
///     0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae,
///     0x7f, 0x60];
/// pair.extend([0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64,
///     0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07,
///     0x51, 0x1a]);
/// let w = SolanaWallet::from_keypair_json(&format!("{pair:?}")).unwrap();
/// assert_eq!(w.address(), "FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z");
/// assert!(!format!("{w:?}").contains("9d61"));
/// ```
pub struct SolanaWallet {
    key: SigningKey,
    address: String,
}

impl fmt::Debug for SolanaWallet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SolanaWallet").field("address", &self.address).finish_non_exhaustive()
    }
}

impl SolanaWallet {
    /// The wallet of a 32-byte Ed25519 seed.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let key = SigningKey::from_bytes(seed);
        let address = bs58::encode(key.verifying_key().as_bytes()).into_string();
        Self { key, address }
    }

    /// The wallet of 64 keypair bytes (seed, then public key: refused when
    /// the public half is not the seed's) or of a 32-byte seed.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let seed: &[u8; 32] =
            bytes.get(..32).and_then(|s| s.try_into().ok()).ok_or(WalletError::InvalidSolanaKey)?;
        let wallet = Self::from_seed(seed);
        match bytes.len() {
            32 => Ok(wallet),
            64 if bytes[32..] == wallet.key.verifying_key().as_bytes()[..] => Ok(wallet),
            _ => Err(WalletError::InvalidSolanaKey.into()),
        }
    }

    /// The wallet of a base58 secret key (64 bytes, as Solana wallets
    /// export it, or a 32-byte seed); surrounding white space ignored.
    pub fn from_base58(key: &str) -> Result<Self, Error> {
        let bytes =
            Zeroizing::new(bs58::decode(key.trim()).into_vec().map_err(|_| WalletError::InvalidSolanaKey)?);
        Self::from_bytes(&bytes)
    }

    /// The wallet of a Solana CLI keypair file's text: a JSON array of 64
    /// numbers, 0 to 255.
    pub fn from_keypair_json(text: &str) -> Result<Self, Error> {
        let numbers: Zeroizing<Vec<u16>> =
            Zeroizing::new(serde_json::from_str(text.trim()).map_err(|_| WalletError::InvalidSolanaKey)?);
        let bytes: Zeroizing<Vec<u8>> = Zeroizing::new(
            numbers
                .iter()
                .map(|&n| u8::try_from(n))
                .collect::<Result<_, _>>()
                .map_err(|_| WalletError::InvalidSolanaKey)?,
        );
        if bytes.len() != 64 {
            return Err(WalletError::InvalidSolanaKey.into());
        }
        Self::from_bytes(&bytes)
    }

    /// The base58 address (the public key).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The sign-in message this wallet signs at `now` with `nonce`.
    pub(crate) fn sign_in_message(&self, now: SystemTime, nonce: &str) -> String {
        siwe::Message {
            domain: SIGN_IN_DOMAIN,
            account: "Solana",
            address: &self.address,
            statement: STATEMENT,
            uri: SIGN_IN_URI,
            chain_id: SOLANA_MAINNET,
            nonce,
            issued_at: now,
        }
        .text()
    }

    /// The Ed25519 signature of `message`'s UTF-8 bytes, base58.
    pub fn sign_message(&self, message: &str) -> String {
        bs58::encode(self.key.sign(message.as_bytes()).to_bytes()).into_string()
    }
}

impl WalletSigner for SolanaWallet {
    fn address(&self) -> String {
        self.address.clone()
    }

    fn chain_id(&self) -> String {
        SOLANA_CHAIN_ID.to_owned()
    }

    fn sign_in(&self, now: SystemTime) -> Result<SignIn, Error> {
        let mut n = [0u8; 8];
        random(&mut n)?;
        let nonce = hex::encode(&n)[2..].to_owned();
        let message = self.sign_in_message(now, &nonce);
        let signature = self.sign_message(&message);
        let value = siwe::header_value(&siwe::Signed {
            address: &self.address,
            message: &message,
            signature: &signature,
            chain_id: SOLANA_CHAIN_ID.into(),
            kind: Some("ed25519"),
            issued_at: now,
        });
        Ok(SignIn { header: Secret::new(value), nonce })
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use ed25519_dalek::{Signature, VerifyingKey};

    use super::*;

    /// RFC 8032's test 1 seed (public: never fund it).
    const SEED: [u8; 32] = [
        0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44,
        0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
    ];

    #[test]
    fn keys_in_every_form_give_the_rfc8032_public_key() {
        let w = SolanaWallet::from_seed(&SEED);
        let public = bs58::decode(w.address()).into_vec().unwrap();
        assert_eq!(
            hex::encode(&public),
            "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let mut pair = SEED.to_vec();
        pair.extend_from_slice(&public);
        let b58 = bs58::encode(&pair).into_string();
        assert_eq!(SolanaWallet::from_base58(&format!(" {b58}\n")).unwrap().address(), w.address());
        assert_eq!(
            SolanaWallet::from_base58(&bs58::encode(SEED).into_string()).unwrap().address(),
            w.address()
        );
        assert_eq!(SolanaWallet::from_keypair_json(&format!("{pair:?}")).unwrap().address(), w.address());
        let mut wrong = pair.clone();
        wrong[40] ^= 1;
        assert!(SolanaWallet::from_bytes(&wrong).is_err(), "a public half that is not the seed's");
        assert!(SolanaWallet::from_keypair_json("[1, 2, 3]").is_err());
        assert!(SolanaWallet::from_keypair_json(&format!("{:?}", vec![256u16; 64])).is_err());
        assert!(SolanaWallet::from_base58("0OIl").is_err(), "not base58");
        assert!(!format!("{w:?}").contains(&b58[..12]));
    }

    #[test]
    fn the_sign_in_is_the_spec_solana_message_signed_with_ed25519() {
        let w = SolanaWallet::from_seed(&SEED);
        let at = UNIX_EPOCH + Duration::from_millis(1_796_126_400_000);
        let message = w.sign_in_message(at, "0123456789abcdef");
        assert_eq!(
            message,
            format!(
                "api.venice.ai wants you to sign in with your Solana account:\n{}\n\nSign in to Venice AI\n\n\
                 URI: https://api.venice.ai\nVersion: 1\nChain ID: 5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp\n\
                 Nonce: 0123456789abcdef\nIssued At: 2026-12-01T12:00:00.000Z\nExpiration Time: 2026-12-01T12:04:00.000Z",
                w.address()
            )
        );
        let signed = w.sign_in(at).unwrap();
        let json: serde_json::Value = serde_json::from_slice(
            &base64_simd::STANDARD.decode_to_vec(signed.header.header("").unwrap().as_bytes()).unwrap(),
        )
        .unwrap();
        assert_eq!(json["type"], "ed25519");
        assert_eq!(json["chainId"], SOLANA_CHAIN_ID);
        assert_eq!(json["timestamp"], 1_796_126_400_000_u64);
        let public: [u8; 32] = bs58::decode(w.address()).into_vec().unwrap().try_into().unwrap();
        let sig = bs58::decode(json["signature"].as_str().unwrap()).into_vec().unwrap();
        let key = VerifyingKey::from_bytes(&public).unwrap();
        let text = json["message"].as_str().unwrap();
        key.verify_strict(text.as_bytes(), &Signature::from_slice(&sig).unwrap()).unwrap();
        assert!(w.sign_digest(&[0; 32]).is_err(), "a Solana wallet signs no EVM payment");
    }
}
